// Authors a page names outside its byline text: links to an author's own
// page, and the person a personal site or blog is named after. Also tells
// an author tag that only repeats the site's name from one naming a
// writer. CleanHtmlPage uses these when no byline or meta rule found a
// person.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "stages/cleaner/html_metadata.h"

namespace ink::cleaner {

// True for what reads as a person's full name: two to four words, each
// capitalised or an initial ("Jane Doe", "John A. Alic", "Sergio
// Martínez-Beltrán", "Matt De La O"), none a word of a company's or a
// site's name ("Engora Data Blog", "Easy LMS", "Human in the Loop"); or a
// Chinese name (see LooksLikePersonName).
bool LooksLikeFullName(std::string_view s);

// The people named by links to their author pages below `root`: <a
// rel="author">, or an href such as ".../author/jdoe/", "/authors/jdoe",
// "?author=12". The first such link whose text reads as a name, and the
// others printed in the same short byline block ("Written by A, B").
// Empty if there is none.
std::vector<std::string> AuthorLinkNames(const GumboNode* root);

// The person a personal site or blog is named after: "Colin Watson's
// blog", "太小心的博客", a <title> "Post | Jane Doe" or og:site_name "Jane
// Doe", a title "海姑娘 | blog.example.com", or a first <h1> that names a
// person above a differently titled article. `title` is the article's
// title, never taken for the owner. "" if none.
std::string SiteOwner(const PageFacts& f, std::string_view title);

// True if `name` only repeats the site's own name: og:site_name,
// application-name, a part of the <title>, or the host of `url`
// ("Paperium.net", "USA TODAY", "网易" on 网易新闻). Such an author tag
// names no writer.
bool IsSiteName(std::string_view name, const PageFacts& f,
                std::string_view url);

}  // namespace ink::cleaner
