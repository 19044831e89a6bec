#include "common/bus.h"

#include <gtest/gtest.h>

#include <atomic>

#include "ink/v1/envelope.pb.h"

namespace ink::bus {
namespace {

// A PUSH/PULL pair over inproc, the pull end bound first.
struct Pair {
  explicit Pair(int hwm = 1000) {
    SocketOptions o;
    o.send_hwm = hwm;
    o.receive_hwm = hwm;
    auto p = Open(ctx, zmq::socket_type::pull, "inproc://bus-test", true, o);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    pull.emplace(std::move(p.value()));
    auto s = Open(ctx, zmq::socket_type::push, "inproc://bus-test", false, o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    push.emplace(std::move(s.value()));
  }
  // The next part on the pull end, and whether more parts follow.
  std::pair<std::string, bool> Receive() {
    zmq::message_t m;
    EXPECT_TRUE(pull->recv(m, zmq::recv_flags::dontwait));
    return {m.to_string(), m.more()};
  }
  zmq::context_t ctx;
  std::optional<zmq::socket_t> pull, push;
  std::atomic<bool> stop{false};
};

TEST(BusTest, SendsASerialisedMessageWithoutCopyingIt) {
  Pair p;
  zmq::message_t m(std::string("hello"));
  ASSERT_TRUE(Send(*p.push, m, p.stop));
  EXPECT_EQ(m.size(), 0u);  // Handed to ZeroMQ.
  EXPECT_EQ(p.Receive(), std::make_pair(std::string("hello"), false));
}

TEST(BusTest, SendsPartsAsOneMessageInOrder) {
  Pair p;
  std::vector<zmq::message_t> parts;
  for (const char* s : {"a", "bb", "ccc"}) parts.emplace_back(std::string(s));
  ASSERT_TRUE(SendParts(*p.push, parts, p.stop));
  EXPECT_EQ(p.Receive(), std::make_pair(std::string("a"), true));
  EXPECT_EQ(p.Receive(), std::make_pair(std::string("bb"), true));
  EXPECT_EQ(p.Receive(), std::make_pair(std::string("ccc"), false));
  std::vector<zmq::message_t> none;
  EXPECT_TRUE(SendParts(*p.push, none, p.stop));
}

TEST(BusTest, AFullQueueTimesOutWithoutSendingPartOfABatch) {
  Pair p(/*hwm=*/1);
  // Fill the queue: the high-water mark of each end (the sender's and the
  // receiver's) counts whole messages, however many parts they have.
  int sent = 0;
  while (sent < 100) {
    std::vector<zmq::message_t> batch;
    batch.emplace_back(std::string("x"));
    batch.emplace_back(std::string("y"));
    if (!SendParts(*p.push, batch, p.stop, /*timeout_ms=*/50)) break;
    ++sent;
  }
  ASSERT_LT(sent, 100);
  ASSERT_GT(sent, 0);
  // Everything that was accepted arrives whole.
  for (int i = 0; i < sent; ++i) {
    EXPECT_EQ(p.Receive(), std::make_pair(std::string("x"), true));
    EXPECT_EQ(p.Receive(), std::make_pair(std::string("y"), false));
  }
  zmq::message_t m;
  EXPECT_FALSE(p.pull->recv(m, zmq::recv_flags::dontwait));
}

TEST(BusTest, SerialiseEncodesTheProtobuf) {
  v1::DeliveryReport r;
  r.set_doc_id("d1");
  r.set_outcome(v1::DeliveryReport::STORED);
  r.set_reason(std::string(300, 'x'));
  zmq::message_t m = Serialise(r);
  v1::DeliveryReport back;
  ASSERT_TRUE(back.ParseFromArray(m.data(), static_cast<int>(m.size())));
  EXPECT_EQ(back.SerializeAsString(), r.SerializeAsString());
  EXPECT_EQ(m.size(), r.ByteSizeLong());
}

TEST(BusTest, SerialiseAfterParsesAsTheReceivedMessageMergedWithAdditions) {
  v1::Envelope received;
  received.set_doc_id("d1");
  received.mutable_clean()->set_title("标题");
  received.add_trace()->set_stage("cleaner");
  const std::string wire = received.SerializeAsString();

  v1::Envelope additions;
  additions.mutable_segmented()->add_fields()->set_name("body");
  additions.mutable_clean()->set_language("zh-Hans");
  v1::Envelope hop;
  hop.add_trace()->set_stage("segmenter");
  zmq::message_t m = SerialiseAfter(wire.data(), wire.size(), additions, hop);
  EXPECT_EQ(m.size(),
            wire.size() + additions.ByteSizeLong() + hop.ByteSizeLong());
  EXPECT_EQ(std::string(static_cast<const char*>(m.data()), wire.size()),
            wire);  // Copied as received.

  v1::Envelope got;
  ASSERT_TRUE(got.ParseFromArray(m.data(), static_cast<int>(m.size())));
  v1::Envelope expected = received;
  expected.MergeFrom(additions);
  expected.MergeFrom(hop);
  EXPECT_EQ(got.SerializeAsString(), expected.SerializeAsString());
  // Singular fields of a message merge, repeated fields append.
  EXPECT_EQ(got.clean().title(), "标题");
  EXPECT_EQ(got.clean().language(), "zh-Hans");
  ASSERT_EQ(got.trace_size(), 2);
  EXPECT_EQ(got.trace(1).stage(), "segmenter");

  // Nothing received: the additions alone.
  zmq::message_t only = SerialiseAfter(nullptr, 0, additions);
  EXPECT_EQ(only.to_string(), additions.SerializeAsString());
}

}  // namespace
}  // namespace ink::bus
