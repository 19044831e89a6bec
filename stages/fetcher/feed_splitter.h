// News feeds hold many articles in one file: RSS 2.0 (<rss><channel><item>),
// RSS 1.0 (<rdf:RDF><item>) and Atom (<feed><entry>). The fetcher turns each
// item into one crawler record, the JSON object the cleaner reads for
// crawler dumps, so that a feed goes the way of a .jsonl dump: one record
// file per article, one ack each.
//
// A record carries what the feed states: "url" (the item's link), "title",
// "html" (content:encoded or Atom content, else the description or summary,
// which many feeds fill with the whole article), "published" (pubDate,
// dc:date, Atom published or updated), "authors" (author, dc:creator, Atom
// author names), "categories", "source" (the channel's title), "guid" and
// "feed" (the feed's file name). An item with neither content nor a
// description still becomes a record: the cleaner rejects it with its
// reason, so it ends in failed/ instead of vanishing.
//
// libxml2 parses the feed: it honours the encoding the XML declaration
// names (GB2312, GBK, GB18030, Big5 feeds are common), recovers from the
// malformed markup real feeds have, and is told never to fetch anything
// from the network or to expand external entities.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace ink::fetcher {

// True for names that are feeds by their extension: *.rss, *.atom, *.rdf.
bool IsFeedName(const std::string& name);

// True when the start of a file (its first few KB) is a feed: an XML
// document whose root element is rss, feed or rdf:RDF. Used for *.xml.
bool LooksLikeFeed(std::string_view head);

// The records of a feed, as JSON texts in document order. InvalidArgument
// when `xml` is not a feed at all (no rss, feed or RDF root).
Result<std::vector<std::string>> FeedRecords(std::string_view xml,
                                             const std::string& feed_name);

}  // namespace ink::fetcher
