#include "stages/store/store.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "common/testing/temp_dir.h"
#include "stages/store/coding.h"
#include "stages/store/store_internal.h"
#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

using testing::Df;
using testing::MakeEnvelope;
using testing::ReadPostingsLocked;

constexpr char kIdA[] = "aaaa1111bbbb2222cccc3333";
constexpr char kIdB[] = "aaaa1111dddd4444eeee5555";
constexpr char kIdC[] = "ffff0000ffff0000ffff0000";

std::unique_ptr<Store> OpenOrDie(const std::string& path) {
  Options options;
  options.path = path;
  auto store = Store::Open(options, nullptr);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

TEST(CodingTest, PostingValueRoundTrips) {
  std::vector<uint32_t> positions = {0, 3, 4, 200, 100000};
  std::vector<uint32_t> decoded;
  ASSERT_TRUE(DecodePostingValue(EncodePostingValue(positions), &decoded));
  EXPECT_EQ(decoded, positions);
  EXPECT_FALSE(DecodePostingValue("\x05\x01", &decoded));  // Truncated.
}

TEST(CodingTest, DocMetaRoundTrips) {
  DocMeta m;
  m.title_length = 5;
  m.body_length = 300;
  m.date = "2020-03-31";
  m.source = "a.html";
  m.publisher = "新华社";
  m.superseded = true;
  m.language = "zh-Hans";
  m.cluster = "c1";
  m.sequence = 77;
  DocMeta d;
  ASSERT_TRUE(DecodeDocMeta(EncodeDocMeta(m), &d));
  EXPECT_EQ(d.language, "zh-Hans");
  EXPECT_EQ(d.cluster, "c1");
  EXPECT_EQ(d.sequence, 77u);
  EXPECT_EQ(d.title_length, 5u);
  EXPECT_EQ(d.body_length, 300u);
  EXPECT_EQ(d.date, "2020-03-31");
  EXPECT_EQ(d.source, "a.html");
  EXPECT_EQ(d.publisher, "新华社");
  EXPECT_TRUE(d.superseded);
  EXPECT_FALSE(DecodeDocMeta("garbage", &d));
}

// Sets every field of `m` through reflection to a value that is not the
// default (two elements for repeated fields, nested messages filled in
// turn), so that a field an encoder forgets shows up.
void FillEveryField(google::protobuf::Message* m, int depth = 0, int salt = 0) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Descriptor* d = m->GetDescriptor();
  const google::protobuf::Reflection* r = m->GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const int n = f->number() + depth * 100;
    const int copies = f->is_repeated() ? 2 : 1;
    for (int k = 0; k < copies; ++k) {
      const std::string text = "字段" + std::to_string(n) + "-" +
                               std::to_string(salt) + "-" + std::to_string(k);
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          f->is_repeated() ? r->AddString(m, f, text)
                           : r->SetString(m, f, text);
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (depth < 2) {
            FillEveryField(f->is_repeated() ? r->AddMessage(m, f)
                                            : r->MutableMessage(m, f),
                           depth + 1, k);
          }
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          f->is_repeated() ? r->AddInt32(m, f, n + k) : r->SetInt32(m, f, n);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          f->is_repeated() ? r->AddInt64(m, f, n + k) : r->SetInt64(m, f, n);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          f->is_repeated() ? r->AddUInt32(m, f, n + k) : r->SetUInt32(m, f, n);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          f->is_repeated() ? r->AddUInt64(m, f, n + k) : r->SetUInt64(m, f, n);
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          f->is_repeated() ? r->AddDouble(m, f, n + 0.5)
                           : r->SetDouble(m, f, n + 0.5);
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          f->is_repeated() ? r->AddFloat(m, f, n + 0.5f)
                           : r->SetFloat(m, f, n + 0.5f);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          f->is_repeated() ? r->AddBool(m, f, true) : r->SetBool(m, f, true);
          break;
        case FieldDescriptor::CPPTYPE_ENUM: {
          const auto* e = f->enum_type();
          const auto* v = e->value(e->value_count() - 1);
          f->is_repeated() ? r->AddEnum(m, f, v) : r->SetEnum(m, f, v);
          break;
        }
      }
    }
  }
}

// The StoredDocument that Put() used to build and serialise through
// protobuf, for comparison with EncodeNewDocument().
v1::StoredDocument ExpectedDocument(const v1::Envelope& env, int64_t ms,
                                    const std::string* body, uint32_t version) {
  v1::StoredDocument doc;
  doc.set_doc_id(env.doc_id());
  doc.set_source(env.source());
  doc.set_stored_unix_ms(ms);
  *doc.mutable_clean() = env.clean();
  if (env.has_enrichment()) *doc.mutable_enrichment() = env.enrichment();
  *doc.mutable_trace() = env.trace();
  if (body != nullptr) doc.set_body(*body);
  doc.set_version(version);
  return doc;
}

TEST(DocumentCodecTest, NewDocumentEncodingKeepsEveryField) {
  v1::Envelope env;
  env.set_doc_id(kIdA);
  env.set_source("a.md");
  FillEveryField(env.mutable_clean());
  FillEveryField(env.mutable_enrichment());
  FillEveryField(env.add_trace());
  FillEveryField(env.add_trace());
  const std::string body = "正文 that is not the paragraphs' join";
  std::string buffer, scratch;
  const std::string_view bytes =
      EncodeNewDocument(env, 1234567, &body, 3, &buffer, &scratch);
  v1::StoredDocument parsed;
  ASSERT_TRUE(parsed.ParseFromArray(bytes.data(), bytes.size()));
  const v1::StoredDocument expected = ExpectedDocument(env, 1234567, &body, 3);
  std::string diff;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differ.Compare(expected, parsed)) << diff;
  EXPECT_EQ(parsed.clean().paragraphs_size(), 2);
  EXPECT_EQ(parsed.clean().field_rules_size(), 2);

  // With at most one map entry (whose order protobuf does not fix) the
  // bytes are protobuf's own.
  auto* rules = env.mutable_clean()->mutable_field_rules();
  rules->erase(rules->begin()->first);
  EXPECT_EQ(EncodeNewDocument(env, 1234567, &body, 3, &buffer, &scratch),
            ExpectedDocument(env, 1234567, &body, 3).SerializeAsString());
  // No body, no enrichment, version 1: absent fields stay absent.
  env.clear_enrichment();
  EXPECT_EQ(EncodeNewDocument(env, 5, nullptr, 1, &buffer, &scratch),
            ExpectedDocument(env, 5, nullptr, 1).SerializeAsString());
}

TEST(DocumentCodecTest, NewDocumentEncodingKeepsUnknownArticleFields) {
  v1::Envelope env;
  env.set_doc_id(kIdA);
  env.mutable_clean()->set_title("标题");
  env.mutable_clean()
      ->GetReflection()
      ->MutableUnknownFields(env.mutable_clean())
      ->AddVarint(999, 42);
  std::string buffer, scratch;
  const std::string_view bytes =
      EncodeNewDocument(env, 1, nullptr, 1, &buffer, &scratch);
  v1::StoredDocument parsed;
  ASSERT_TRUE(parsed.ParseFromArray(bytes.data(), bytes.size()));
  EXPECT_EQ(parsed.clean().title(), "标题");
  const auto& unknown =
      parsed.clean().GetReflection()->GetUnknownFields(parsed.clean());
  ASSERT_EQ(unknown.field_count(), 1);
  EXPECT_EQ(unknown.field(0).number(), 999);
  EXPECT_EQ(unknown.field(0).varint(), 42u);
}

TEST(StoreTest, PutThenGet) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = true;
  ASSERT_TRUE(
      store
          ->Put(MakeEnvelope(kIdA, "a.txt", "rates cut", "the bank cut rates"),
                &duplicate)
          .ok());
  EXPECT_FALSE(duplicate);

  auto doc = store->Get(kIdA);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->doc_id(), kIdA);
  EXPECT_EQ(doc->source(), "a.txt");
  EXPECT_EQ(doc->clean().title(), "rates cut");
  EXPECT_EQ(doc->body(), "the bank cut rates");
  EXPECT_EQ(doc->version(), 1u);
  EXPECT_TRUE(doc->superseded_by().empty());
  EXPECT_GT(doc->stored_unix_ms(), 0);

  auto meta = store->ReadDocMeta(kIdA);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->title_length, 2u);
  EXPECT_EQ(meta->body_length, 4u);
  EXPECT_EQ(meta->date, "2020-03-31");
  EXPECT_EQ(Df(*store, Field::kBody, "cut"), 1u);
  EXPECT_EQ(Df(*store, Field::kTitle, "bank"), 0u);

  std::vector<Posting> postings;
  ASSERT_TRUE(ReadPostingsLocked(*store, Field::kBody, "cut", &postings).ok());
  ASSERT_EQ(postings.size(), 1u);
  EXPECT_EQ(postings[0].doc_id, kIdA);
  EXPECT_EQ(postings[0].positions, std::vector<uint32_t>{2});

  EXPECT_TRUE(store->Get(kIdC).status().IsNotFound());
}

TEST(StoreTest, StopTokensAreNotIndexed) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  ASSERT_TRUE(
      store->Put(MakeEnvelope(kIdA, "a", "t", "bank ~of china"), &duplicate)
          .ok());
  EXPECT_EQ(Df(*store, Field::kBody, "of"), 0u);
  std::vector<Posting> postings;
  ASSERT_TRUE(
      ReadPostingsLocked(*store, Field::kBody, "china", &postings).ok());
  ASSERT_EQ(postings.size(), 1u);
  EXPECT_EQ(postings[0].positions, std::vector<uint32_t>{2});
}

TEST(StoreTest, PostingsOfOneTermDoNotLeakIntoLongerTerms) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  ASSERT_TRUE(
      store->Put(MakeEnvelope(kIdA, "a", "t", "bank"), &duplicate).ok());
  ASSERT_TRUE(
      store->Put(MakeEnvelope(kIdB, "b", "t", "banker"), &duplicate).ok());
  std::vector<Posting> postings;
  ASSERT_TRUE(ReadPostingsLocked(*store, Field::kBody, "bank", &postings).ok());
  ASSERT_EQ(postings.size(), 1u);
  EXPECT_EQ(postings[0].doc_id, kIdA);
}

TEST(StoreTest, DuplicatePutIsANoOp) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  auto env = MakeEnvelope(kIdA, "a.txt", "rates cut", "the bank cut rates");
  ASSERT_TRUE(store->Put(env, &duplicate).ok());
  const auto before = store->Stats();
  const auto doc_before = store->Get(kIdA);
  ASSERT_TRUE(doc_before.ok());

  env.set_attempt(2);
  ASSERT_TRUE(store->Put(env, &duplicate).ok());
  EXPECT_TRUE(duplicate);
  EXPECT_EQ(store->Stats()["documents"], before["documents"]);
  EXPECT_EQ(store->CorpusStatsNow().body_length, 4u);
  EXPECT_EQ(Df(*store, Field::kBody, "cut"), 1u);
  auto versions = store->Versions("a.txt");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);
  EXPECT_EQ(store->Get(kIdA)->stored_unix_ms(), doc_before->stored_unix_ms());
}

TEST(StoreTest, NewVersionSupersedesTheOld) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  ASSERT_TRUE(
      store
          ->Put(MakeEnvelope(kIdA, "report.html", "v1", "old text"), &duplicate)
          .ok());
  ASSERT_TRUE(
      store
          ->Put(MakeEnvelope(kIdC, "report.html", "v2", "new text"), &duplicate)
          .ok());
  EXPECT_FALSE(duplicate);

  auto old_doc = store->Get(kIdA);
  ASSERT_TRUE(old_doc.ok());
  EXPECT_EQ(old_doc->superseded_by(), kIdC);
  EXPECT_EQ(old_doc->version(), 1u);
  auto new_doc = store->Get(kIdC);
  ASSERT_TRUE(new_doc.ok());
  EXPECT_EQ(new_doc->version(), 2u);
  EXPECT_TRUE(new_doc->superseded_by().empty());
  EXPECT_TRUE(store->ReadDocMeta(kIdA)->superseded);
  EXPECT_FALSE(store->ReadDocMeta(kIdC)->superseded);
  EXPECT_EQ(store->Versions("report.html").value(),
            (std::vector<std::string>{kIdA, kIdC}));
  EXPECT_EQ(store->CorpusStatsNow().superseded, 1u);
  EXPECT_EQ(store->Stats()["current_documents"], 1u);

  // Redelivering the old bytes changes nothing: v2 stays current.
  ASSERT_TRUE(
      store
          ->Put(MakeEnvelope(kIdA, "report.html", "v1", "old text"), &duplicate)
          .ok());
  EXPECT_TRUE(duplicate);
  EXPECT_EQ(store->Versions("report.html")->back(), kIdC);
}

TEST(StoreTest, GetByUniquePrefix) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  ASSERT_TRUE(store->Put(MakeEnvelope(kIdA, "a", "x", "y"), &duplicate).ok());
  ASSERT_TRUE(store->Put(MakeEnvelope(kIdB, "b", "x", "y"), &duplicate).ok());
  ASSERT_TRUE(store->Put(MakeEnvelope(kIdC, "c", "x", "y"), &duplicate).ok());

  auto c = store->Get("ffff0000");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->doc_id(), kIdC);
  EXPECT_EQ(store->Get("aaaa1111b")->doc_id(), kIdA);
  EXPECT_TRUE(
      store->Get("aaaa1111").status().IsInvalidArgument());  // Ambiguous.
  EXPECT_TRUE(store->Get("ffff000").status().IsNotFound());  // Too short.
  EXPECT_TRUE(store->Get("12345678").status().IsNotFound());
  EXPECT_TRUE(store->Get("").status().IsInvalidArgument());
}

TEST(StoreTest, RejectsEnvelopesWithoutIdOrArticle) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  v1::Envelope env = MakeEnvelope("", "a", "x", "y");
  EXPECT_TRUE(store->Put(env, &duplicate).IsInvalidArgument());
  env.set_doc_id(kIdA);
  env.clear_clean();
  EXPECT_TRUE(store->Put(env, &duplicate).IsInvalidArgument());
  EXPECT_EQ(store->CorpusStatsNow().documents, 0u);
}

TEST(StoreTest, DataSurvivesReopen) {
  ink::testing::TempDir dir;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    bool duplicate = false;
    ASSERT_TRUE(
        store->Put(MakeEnvelope(kIdA, "a", "x", "bank rates"), &duplicate)
            .ok());
    ASSERT_TRUE(
        store->Put(MakeEnvelope(kIdC, "a", "x", "bank"), &duplicate).ok());
  }
  auto store = OpenOrDie(dir.Sub("db"));
  EXPECT_TRUE(store->Get(kIdA).ok());
  EXPECT_EQ(store->Get(kIdA)->superseded_by(), kIdC);
  CorpusStats c = store->CorpusStatsNow();
  EXPECT_EQ(c.documents, 2u);
  EXPECT_EQ(c.superseded, 1u);
  EXPECT_EQ(c.body_length, 3u);
  EXPECT_EQ(Df(*store, Field::kBody, "bank"), 2u);
  bool duplicate = false;
  ASSERT_TRUE(
      store->Put(MakeEnvelope(kIdA, "a", "x", "bank rates"), &duplicate).ok());
  EXPECT_TRUE(duplicate);
}

TEST(StoreTest, ReadOnlyOpenWorksAlongsideTheWriter) {
  ink::testing::TempDir dir;
  auto writer = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  ASSERT_TRUE(
      writer->Put(MakeEnvelope(kIdA, "a", "x", "bank"), &duplicate).ok());

  // A second writer is refused (the LOCK file); a reader is not.
  Options options;
  options.path = dir.Sub("db");
  EXPECT_FALSE(Store::Open(options, nullptr).ok());
  auto reader = Store::OpenReadOnly(options, nullptr);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_TRUE((*reader)->read_only());
  EXPECT_EQ((*reader)->Get(kIdA)->doc_id(), kIdA);
  EXPECT_EQ(Df(**reader, Field::kBody, "bank"), 1u);
  EXPECT_EQ((*reader)->CorpusStatsNow().documents, 1u);
  Status s = (*reader)->Put(MakeEnvelope(kIdB, "b", "x", "y"), &duplicate);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);

  // The writer keeps writing while the reader is open.
  ASSERT_TRUE(writer->Put(MakeEnvelope(kIdB, "b", "x", "y"), &duplicate).ok());
}

// Documents go through pending into segments of three; deletes reach into
// segments and pending; everything survives reopening and compaction.
TEST(StoreTest, SegmentsAndPendingAgreeAcrossReopenDeleteAndCompact) {
  ink::testing::TempDir dir;
  Options options;
  options.path = dir.Sub("db");
  options.segment_docs = 3;
  auto open = [&] {
    auto store = Store::Open(options, nullptr);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  };
  auto body_docs = [](const Store& store, const std::string& term) {
    std::vector<Posting> postings;
    EXPECT_TRUE(ReadPostingsLocked(store, Field::kBody, term, &postings).ok());
    std::vector<std::string> ids;
    for (const Posting& p : postings) ids.push_back(p.doc_id);
    return ids;
  };
  auto verified = [](const Store& store) {
    auto v = store.Verify();
    EXPECT_TRUE(v.ok() && (*v)["ok"].get<bool>()) << v->dump(2);
  };
  {
    auto store = open();
    bool duplicate = false;
    for (int i = 0; i < 8; ++i) {
      const std::string id = "d" + std::to_string(i);
      ASSERT_TRUE(
          store
              ->Put(MakeEnvelope(id, id, "t", i % 2 ? "bank odd" : "bank even"),
                    &duplicate)
              .ok());
    }
    EXPECT_EQ(store->Stats()["segments"], 2u);  // d0-d2, d3-d5.
    EXPECT_EQ(store->Stats()["pending_documents"], 2u);
    std::string deleted;
    ASSERT_TRUE(store->Delete("d1", &deleted).ok());  // In a segment.
    ASSERT_TRUE(store->Delete("d7", &deleted).ok());  // Pending.
    EXPECT_EQ(body_docs(*store, "odd"), (std::vector<std::string>{"d3", "d5"}));
    verified(*store);
  }
  {
    // A reader sees what the writer left: segments (and, had the writer
    // crashed, pending records).
    auto reader = Store::OpenReadOnly(options, nullptr);
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ(body_docs(**reader, "bank"),
              (std::vector<std::string>{"d0", "d2", "d3", "d4", "d5", "d6"}));
    EXPECT_EQ(Df(**reader, Field::kBody, "even"), 4u);
  }
  auto store = open();
  EXPECT_EQ(body_docs(*store, "odd"), (std::vector<std::string>{"d3", "d5"}));
  verified(*store);
  ASSERT_TRUE(store->Compact().ok());
  EXPECT_EQ(store->Stats()["segments"], 1u);
  EXPECT_EQ(body_docs(*store, "even"),
            (std::vector<std::string>{"d0", "d2", "d4", "d6"}));
  verified(*store);
  bool duplicate = false;
  ASSERT_TRUE(
      store->Put(MakeEnvelope("d9", "d9", "t", "odd"), &duplicate).ok());
  EXPECT_EQ(body_docs(*store, "odd"),
            (std::vector<std::string>{"d3", "d5", "d9"}));
  verified(*store);
}

// Postings the store wrote but never put into a segment (a crash before
// the segment) are rebuilt from the pending records at open.
TEST(StoreTest, PendingPostingsSurviveACrash) {
  ink::testing::TempDir dir;
  Options options;
  options.path = dir.Sub("db");
  {
    auto store = Store::Open(options, nullptr);
    ASSERT_TRUE(store.ok());
    bool duplicate = false;
    ASSERT_TRUE(
        (*store)
            ->Put(MakeEnvelope(kIdA, "a", "x", "bank rates"), &duplicate)
            .ok());
    // A checkpoint holds what the disk holds now: the document and its
    // pending record, no segment (the store flushes on close only).
    ASSERT_TRUE((*store)->Backup(dir.Sub("crash")).ok());
  }
  options.path = dir.Sub("crash");
  auto store = Store::Open(options, nullptr);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Stats()["segments"], 0u);
  EXPECT_EQ(Df(**store, Field::kBody, "rates"), 1u);
  auto v = (*store)->Verify();
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
}

TEST(StoreTest, ReadOnlyOpenOfAMissingStoreFails) {
  ink::testing::TempDir dir;
  Options options;
  options.path = dir.Sub("missing");
  EXPECT_FALSE(Store::OpenReadOnly(options, nullptr).ok());
}

TEST(StoreTest, StatsReportsCountsAndSizes) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  bool duplicate = false;
  ASSERT_TRUE(
      store->Put(MakeEnvelope(kIdA, "a", "x y", "bank rates"), &duplicate)
          .ok());
  nlohmann::json j = store->Stats();
  EXPECT_EQ(j["documents"], 1u);
  EXPECT_EQ(j["superseded"], 0u);
  EXPECT_DOUBLE_EQ(j["average_title_length"].get<double>(), 2.0);
  EXPECT_TRUE(j["column_families"].contains("postings"));
  EXPECT_GT(j["total_bytes"].get<uint64_t>(), 0u);
}

}  // namespace
}  // namespace ink::store
