// The enricher on the real segmenter's output (jieba's dictionary and IDF
// table from python3-jieba), on a short inline article.
#include <gtest/gtest.h>

#include <filesystem>

#include "stages/enricher/enricher.h"
#include "stages/enricher/simhash.h"
#include "stages/segmenter/segmenter.h"

namespace ink::enricher {
namespace {

constexpr char kTitle[] = "三明分行坚守服务阵地为抗疫贡献金融力量";
const char* const kParagraphs[] = {
    "新年伊始，一场突如其来的新冠肺炎疫情牵动着全国人民的心。面对疫情防控的"
    "严峻形势，三明分行坚决贯彻落实疫情防控工作部署，积极组织动员，快速反应。",
    "在当前疫情防控特殊时期，三明分行第一时间成立疫情防控工作领导小组。"
    "由党委书记、行长陈飞斌任组长，领导小组下设办公室，明确职责分工。",
    "疫情防控期间，三明分行合理安排营业网点与时间，强化自助设备运行管理，"
    "保障基本金融服务稳定运行。网点每日消毒，确保客户员工安全健康。",
    "责任编辑：张三",
};

class RealSegmenterTest : public ::testing::Test {
 protected:
  // Loaded once for the suite: both are immutable and shareable.
  static void SetUpTestSuite() {
    segmenter::Options seg_options;
    if (!std::filesystem::exists(seg_options.dict_path) ||
        !std::filesystem::exists(kDefaultIdfPath)) {
      return;
    }
    auto seg = segmenter::Segmenter::Create(seg_options);
    auto enricher = Enricher::Create(Options{});
    if (!seg.ok() || !enricher.ok()) {
      load_error_ =
          seg.status().ToString() + " " + enricher.status().ToString();
      return;
    }
    segmenter_ = std::move(seg).value().release();
    enricher_ = std::move(enricher).value().release();
  }
  static void TearDownTestSuite() {
    delete segmenter_;
    delete enricher_;
    segmenter_ = nullptr;
    enricher_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(load_error_.empty()) << load_error_;
    if (segmenter_ == nullptr) GTEST_SKIP() << "python3-jieba not installed";
  }

  v1::CleanArticle Article() const {
    v1::CleanArticle article;
    article.set_title(kTitle);
    for (const char* p : kParagraphs) article.add_paragraphs(p);
    return article;
  }

  v1::Enrichment Enrich(const v1::CleanArticle& article) const {
    v1::SegmentedArticle segmented;
    segmenter_->SegmentArticle(article, &segmented);
    v1::Enrichment e;
    Status s = enricher_->Enrich(article, segmented, &e);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return e;
  }

  static inline const segmenter::Segmenter* segmenter_ = nullptr;
  static inline const Enricher* enricher_ = nullptr;
  static inline std::string load_error_;
};

TEST_F(RealSegmenterTest, EnrichesChineseArticle) {
  v1::Enrichment e = Enrich(Article());
  ASSERT_GE(e.keywords_size(), 5);
  EXPECT_LE(e.keywords_size(), 10);
  std::vector<std::string> terms;
  for (const auto& k : e.keywords()) terms.push_back(k.term());
  // The repeated, discriminative terms lead. (三明 is not asked for: the
  // segmenter may cut an unknown place into characters.)
  std::vector<std::string> top3(terms.begin(), terms.begin() + 3);
  EXPECT_NE(std::find(top3.begin(), top3.end(), "疫情"), top3.end())
      << ::testing::PrintToString(terms);
  for (const std::string& t : terms) {
    EXPECT_NE(t, "责任编辑");
    EXPECT_NE(t, "，");
  }
  EXPECT_EQ(e.language(), "zh-Hans");
  ASSERT_GE(e.summary_size(), 1);
  EXPECT_LE(e.summary_size(), 3);
  std::string body = segmenter::BodyText(Article());
  size_t last = 0;
  for (const std::string& sentence : e.summary()) {
    size_t at = body.find(sentence);
    ASSERT_NE(at, std::string::npos) << sentence;
    EXPECT_GE(at, last);  // Original order.
    last = at;
  }
  EXPECT_EQ(e.body_hash().size(), 32u);
}

TEST_F(RealSegmenterTest, NearDuplicateIsCloseAndDifferentIsFar) {
  v1::CleanArticle a = Article();
  v1::CleanArticle b = Article();
  b.set_paragraphs(2,
                   std::string(b.paragraphs(2)) + "网点还为客户提供上门服务。");
  v1::CleanArticle c;
  c.set_title("建行湖北省分行：让党旗在抗疫和金融服务一线高高飘扬");
  c.add_paragraphs(
      "8月3日上午，建行湖北武汉经济技术开发区支行的员工小李像往常一样，早早"
      "出门上班。走到支行所在的沌口街道路口时，他傻眼了。因为疫情原因，这条街道"
      "刚刚被划为中风险地区，实行封闭管理，支行本部及3个网点都无法进入了。");
  uint64_t ha = Enrich(a).simhash(), hb = Enrich(b).simhash();
  uint64_t hc = Enrich(c).simhash();
  EXPECT_LE(HammingDistance(ha, hb),
            8);  // A short text: one sentence is a lot.
  EXPECT_GT(HammingDistance(ha, hc), 12);
}

TEST_F(RealSegmenterTest, CaptionsAreSegmentedAndUsed) {
  v1::CleanArticle article = Article();
  v1::Image* image = article.add_images();
  image->set_url("https://example.com/a.jpg");
  image->set_caption("图为永安支行员工在网点为客户消毒。");
  article.add_images()->set_url("https://example.com/b.jpg");  // No caption.
  v1::SegmentedArticle segmented;
  segmenter_->SegmentArticle(article, &segmented);
  const v1::SegmentedField* captions = nullptr;
  for (const auto& f : segmented.fields()) {
    if (f.name() == "captions") captions = &f;
  }
  ASSERT_NE(captions, nullptr);
  EXPECT_EQ(captions->text(), "图为永安支行员工在网点为客户消毒。");
  EXPECT_GT(captions->tokens_size(), 3);
  // Found in the caption only: an organisation entity and a candidate term.
  v1::Enrichment e;
  ASSERT_TRUE(enricher_->Enrich(article, segmented, &e).ok());
  bool branch = false;
  for (const auto& entity : e.entities()) {
    branch |= entity.normalized().find("永安支行") != std::string::npos;
  }
  EXPECT_TRUE(branch);
  std::vector<std::string> terms = enricher_->CandidateTerms(segmented);
  EXPECT_NE(std::find(terms.begin(), terms.end(), "消毒"), terms.end());
  // Without captions there is no such field.
  segmented.Clear();
  segmenter_->SegmentArticle(Article(), &segmented);
  for (const auto& f : segmented.fields()) EXPECT_NE(f.name(), "captions");
}

// Reposts: the release of a press office, edited as another site would.
const char* const kRelease[] = {
    "3月20日，工商银行三明分行召开全行金融服务工作会议，部署下一阶段支持实体"
    "经济的重点任务。",
    "会议指出，今年以来该行紧紧围绕地方经济发展大局，持续加大信贷投放力度，各"
    "项贷款余额较年初增加42亿元。",
    "在服务小微企业方面，该行推出线上信用贷款产品，累计为1200余户小微企业发放"
    "贷款18亿元，平均利率下降0.6个百分点。",
    "在乡村振兴方面，该行在全市11个县区设立普惠金融服务站，为农户提供存取款、"
    "转账和惠农补贴代发等基础金融服务。",
    "会议要求，全行要进一步提高政治站位，把服务实体经济作为根本宗旨，优化审批"
    "流程，提高放款效率。",
    "同时要严格落实风险管理要求，加强贷后管理，守住不发生系统性金融风险的底线"
    "。",
    "会上，五家支行负责人作了交流发言，介绍了在科技金融、绿色金融和消费金融方"
    "面的经验做法。",
    "该行行长表示，下一步将继续深化与地方政府的合作，围绕重点项目建设，提供全"
    "方位综合金融服务，助力三明高质量发展。",
};

v1::CleanArticle Release(const std::string& title) {
  v1::CleanArticle article;
  article.set_title(title);
  for (const char* p : kRelease) article.add_paragraphs(p);
  return article;
}

TEST_F(RealSegmenterTest, EditedRepostsStayWithinDistanceThree) {
  const uint64_t original =
      Enrich(Release("工行三明分行召开金融服务工作会议")).simhash();
  ASSERT_NE(original, 0u);
  auto distance = [&](const v1::CleanArticle& a) {
    return HammingDistance(original, Enrich(a).simhash());
  };
  // Other title, a byline and a source line.
  v1::CleanArticle a = Release("三明工行：全力支持实体经济");
  a.set_paragraphs(7, a.paragraphs(7) + "（记者李明 通讯员王芳）");
  a.add_paragraphs("来源：三明日报");
  EXPECT_LE(distance(a), 3);
  // Changed figures and one changed word.
  v1::CleanArticle b = Release("工行三明分行召开金融服务工作会议");
  b.set_paragraphs(
      1,
      "会议指出，今年以来该行紧紧围绕地方经济发展大局，持续加大信贷"
      "投放力度，各项贷款余额较年初增加45亿元。");
  b.set_paragraphs(
      2,
      "在服务小微企业方面，该行推出线上信用贷款产品，累计为1300多户"
      "小微企业发放贷款19亿元，平均利率下降0.5个百分点。");
  b.set_paragraphs(
      6,
      "会上，五家支行负责人作了交流发言，介绍了在科技金融、绿色金融"
      "和普惠金融方面的经验做法。");
  EXPECT_LE(distance(b), 3);
  // A sentence of another story added.
  v1::CleanArticle c = Release("工行三明分行召开金融服务工作会议");
  c.set_paragraphs(3,
                   c.paragraphs(3) + "该行还在城区网点开设了老年人服务专区。");
  EXPECT_LE(distance(c), 3);
  // (A whole sentence dropped from these eight moves the fingerprint by
  // more than 3 bits: an eighth of the text is gone. near_duplicate_eval
  // measures how often.)
}

TEST_F(RealSegmenterTest, TwoReleasesOfOneOfficeAreFarApart) {
  const uint64_t meeting =
      Enrich(Release("工行三明分行召开金融服务工作会议")).simhash();
  v1::CleanArticle other;
  other.set_title("工行三明分行开展反诈宣传活动");
  for (const char* p :
       {"3月25日，工商银行三明分行组织青年员工走进社区，开展防范电信网络诈骗"
        "宣传活动，为居民讲解金融服务知识。",
        "活动中，工作人员通过发放宣传折页、讲解典型案例等方式，向居民介绍冒充"
        "客服、刷单返利等常见诈骗手法。",
        "工作人员提醒广大居民，不轻信陌生来电，不随意点击不明链接，保护好个人"
        "信息和银行卡密码。",
        "据统计，本次活动共发放宣传资料800余份，现场解答群众咨询100余人次。",
        "该行表示，将持续开展金融知识宣传教育，切实守护好人民群众的钱袋子，"
        "助力三明高质量发展。"}) {
    other.add_paragraphs(p);
  }
  EXPECT_GT(HammingDistance(meeting, Enrich(other).simhash()), 10);
}

TEST_F(RealSegmenterTest, BodyHashIgnoresSpacingAndPunctuation) {
  v1::CleanArticle a = Article();
  v1::CleanArticle b;
  b.set_title("另一个标题");
  std::string joined;
  for (const std::string& p : a.paragraphs()) joined += "  " + p + " \n";
  for (char& ch : joined) {
    if (ch == '\n') ch = ' ';
  }
  b.add_paragraphs(joined);
  EXPECT_EQ(Enrich(a).body_hash(), Enrich(b).body_hash());
}

// Two articles written in the style of bank news (a branch's report, a
// reposted province report): every branch, body, person, place, date and
// amount a careful reader would list is found and normalised.
constexpr char kProvinceTitle[] =
    "农行河南省分行：金融服务不停歇 抗疫一线显担当";
const char* const kProvinceParagraphs[] = {
    "6月8日上午，农行河南郑州高新技术开发区支行的员工小王像往常一样出门上班。"
    "因为疫情原因，支行所在的街道被划为中风险地区，支行本部及2个网点无法进入，"
    "该行36名员工居家办公。",
    "河南省分行第一时间启动应急机制，先后3次召开疫情防控专题会。郑州高新技术"
    "开发区支行在辖内金水支行二楼搭建临时办公场所。",
    "6月10日，洛阳牡丹支行负责人接到企业的电话，牡丹支行紧急安排人员到网点"
    "办理应急业务。",
    "高新区支行为客户办理到期购汇及兑付进口信用证共计美元1.2亿元"
    "(折人民币8000万元)，客户连连称赞。",
    "郑州中原支行负责人刘春梅远程联系客户、部署防疫，一天最多打80余通电话。",
    "截至目前，农行河南省分行辖内，郑州、洛阳、开封、新乡、许昌等分支行，"
    "已有520名党员参与防疫值守，近3万人参加核酸检测。",
    "<strong>责任编辑：赵六</strong> 【相关链接】 已有0条评论",
};

constexpr char kBranchTitle[] = "同心战疫——龙岩分行全力保障金融服务";
const char* const kBranchParagraphs[] = {
    "面对突如其来的疫情，龙岩分行坚决贯彻落实党中央和地方政府的决策部署，"
    "举全行之力做好疫情防控和金融服务工作。",
    "龙岩分行第一时间成立疫情防控领导小组，由党委书记、行长林志强任组长。"
    "正月初五，林志强前往支行网点一线检查疫情防控落实情况。",
    "该分行自2020年1月25日起建立疫情信息日报告制度，明确专人做好报送工作。",
    "春节期间，该分行为龙岩市第一医院、长汀县卫生健康局、上杭县财政局等"
    "单位办理防疫应急业务上百笔，合计金额上千万。",
    "2月3日，新罗支行志愿者们来到东城社区协助疫情管控；2月5日，永定支行"
    "行长带领员工慰问群众；同日，武平支行15名员工参与排查工作。",
};

// The entity of `type` whose normalized form is `normalized`, or null.
const v1::Entity* FindEntity(const v1::Enrichment& e, std::string_view type,
                             std::string_view normalized) {
  for (const v1::Entity& entity : e.entities()) {
    if (entity.type() == type && entity.normalized() == normalized) {
      return &entity;
    }
  }
  return nullptr;
}

std::string Entities(const v1::Enrichment& e) {
  std::string out;
  for (const v1::Entity& x : e.entities()) {
    out += x.type() + ":" + x.normalized() + "(" + x.text() + ")x" +
           std::to_string(x.count()) + " ";
  }
  return out;
}

TEST_F(RealSegmenterTest, ProvinceReportEntitiesDatesAndAmounts) {
  v1::CleanArticle a;
  a.set_title(kProvinceTitle);
  a.set_date("2022-06-20T10:00:00+08:00");
  for (const char* p : kProvinceParagraphs) a.add_paragraphs(p);
  v1::Enrichment e = Enrich(a);
  const std::string all = Entities(e);
  // Branches, short forms linked to the full form written in the article.
  for (const char* org : {"农行河南省分行", "农行河南郑州高新技术开发区支行",
                          "金水支行", "洛阳牡丹支行", "郑州中原支行"}) {
    EXPECT_NE(FindEntity(e, "organization", org), nullptr) << org << "\n"
                                                           << all;
  }
  const v1::Entity* province = FindEntity(e, "organization", "农行河南省分行");
  ASSERT_NE(province, nullptr);
  EXPECT_EQ(province->count(), 2u);  // 河南省分行, 农行河南省分行.
  const v1::Entity* zone =
      FindEntity(e, "organization", "农行河南郑州高新技术开发区支行");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(zone->count(), 3u) << all;  // Also 高新区支行.
  const v1::Entity* peony = FindEntity(e, "organization", "洛阳牡丹支行");
  ASSERT_NE(peony, nullptr);
  EXPECT_EQ(peony->count(), 2u);
  EXPECT_EQ(peony->char_offsets_size(), 2);
  EXPECT_NE(FindEntity(e, "person", "刘春梅"), nullptr) << all;
  for (const char* place : {"河南", "郑州", "洛阳", "开封", "新乡", "许昌"}) {
    EXPECT_NE(FindEntity(e, "place", place), nullptr) << place << "\n" << all;
  }
  EXPECT_NE(FindEntity(e, "date", "2022-06-08"), nullptr) << all;
  EXPECT_NE(FindEntity(e, "date", "2022-06-10"), nullptr) << all;
  const v1::Entity* usd = FindEntity(e, "money", "120000000 USD");
  ASSERT_NE(usd, nullptr) << all;
  EXPECT_DOUBLE_EQ(usd->value(), 120000000);
  EXPECT_EQ(usd->currency(), "USD");
  const v1::Entity* cny = FindEntity(e, "money", "80000000 CNY");
  ASSERT_NE(cny, nullptr) << all;
  EXPECT_EQ(cny->currency(), "CNY");
  EXPECT_NE(FindEntity(e, "quantity", "36 person"), nullptr) << all;
  EXPECT_NE(FindEntity(e, "quantity", "520 person"), nullptr) << all;
  const v1::Entity* crowd = FindEntity(e, "quantity", "~30000 person");
  ASSERT_NE(crowd, nullptr) << all;
  EXPECT_TRUE(crowd->approximate());
  // No chrome or markup among the keywords.
  for (const v1::Keyword& k : e.keywords()) {
    for (const char* chrome :
         {"责任编辑", "相关链接", "评论", "strong", "赵六"}) {
      EXPECT_NE(k.term(), chrome);
    }
  }
}

TEST_F(RealSegmenterTest, TwoCountriesAndThatCityAreNoPlaces) {
  v1::CleanArticle a;
  a.set_title("中美两国领导人会谈");
  a.add_paragraphs(
      "中美两国领导人在北京会谈，双方同意加强多国合作。各地代表出席，"
      "来自该市的代表和贵州的代表发了言。");
  v1::Enrichment e = Enrich(a);
  const std::string all = Entities(e);
  for (const char* word : {"两国", "多国", "该市", "各地"})
    EXPECT_EQ(FindEntity(e, "place", word), nullptr) << word << "\n" << all;
  for (const char* place : {"北京", "贵州"})
    EXPECT_NE(FindEntity(e, "place", place), nullptr) << place << "\n" << all;
}

TEST_F(RealSegmenterTest, BranchReportEntitiesDatesAndAmounts) {
  v1::CleanArticle a;
  a.set_title(kBranchTitle);
  a.set_date("2020-02-20T16:40:00+08:00");
  a.set_source("中行龙岩分行");
  for (const char* p : kBranchParagraphs) a.add_paragraphs(p);
  v1::Enrichment e = Enrich(a);
  const std::string all = Entities(e);
  // 龙岩分行 is linked to the source's full form.
  const v1::Entity* branch = FindEntity(e, "organization", "中行龙岩分行");
  ASSERT_NE(branch, nullptr) << all;
  EXPECT_EQ(branch->text(), "龙岩分行");
  EXPECT_EQ(branch->count(), 2u);
  for (const char* org : {"龙岩市第一医院", "长汀县卫生健康局", "上杭县财政局",
                          "新罗支行", "永定支行", "武平支行"}) {
    EXPECT_NE(FindEntity(e, "organization", org), nullptr) << org << "\n"
                                                           << all;
  }
  const v1::Entity* head = FindEntity(e, "person", "林志强");
  ASSERT_NE(head, nullptr) << all;
  EXPECT_EQ(head->count(), 2u);
  for (const char* place : {"龙岩", "东城社区", "长汀县", "上杭县"}) {
    EXPECT_NE(FindEntity(e, "place", place), nullptr) << place << "\n" << all;
  }
  EXPECT_NE(FindEntity(e, "date", "2020-01-25"), nullptr) << all;
  EXPECT_NE(FindEntity(e, "date", "2020-02-03"), nullptr) << all;
  const v1::Entity* feb5 = FindEntity(e, "date", "2020-02-05");
  ASSERT_NE(feb5, nullptr) << all;
  EXPECT_EQ(feb5->count(), 2u);  // 2月5日 and 同日.
  const v1::Entity* round = FindEntity(e, "money", "~10000000 CNY");
  ASSERT_NE(round, nullptr) << all;
  EXPECT_TRUE(round->approximate());
  EXPECT_NE(FindEntity(e, "quantity", "~100 笔"), nullptr) << all;
  EXPECT_NE(FindEntity(e, "quantity", "15 person"), nullptr) << all;
  ASSERT_EQ(e.summary_size(), 3);
}

}  // namespace
}  // namespace ink::enricher
