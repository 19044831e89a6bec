// CURVE on tcp:// endpoints: a real ink-cleaner listens on 127.0.0.1 with
// an allow-list of one client key. The allowed client's document comes out
// of the cleaner (into this test, itself a CURVE server the cleaner must
// authenticate to); a client with another key and a client without CURVE
// are refused, and their documents never reach the cleaner.
#include "common/curve.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "ink/v1/envelope.pb.h"
#include "tests/integration/daemon_process.h"
#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

std::string ArticleEnvelope(const std::string& doc_id) {
  v1::Envelope env;
  env.set_doc_id(doc_id);
  env.set_attempt(1);
  env.set_source(doc_id + ".txt");
  env.set_delivery_key(doc_id);
  env.mutable_raw()->set_filename(doc_id + ".txt");
  env.mutable_raw()->set_content(
      "分行开展金融知识宣传活动\n来源: 测试分行 2021-06-01 10:00\n"
      "本次活动编号" +
      doc_id + "，服务客户一百户，内容丰富。\n");
  return env.SerializeAsString();
}

// Watches a client socket's handshakes through a ZeroMQ monitor.
class HandshakeWatch {
 public:
  HandshakeWatch(zmq::context_t& ctx, zmq::socket_t& socket,
                 const std::string& name)
      : pair_(ctx, zmq::socket_type::pair) {
    std::string ep = "inproc://monitor-" + name;
    zmq_socket_monitor(socket.handle(), ep.c_str(), ZMQ_EVENT_ALL);
    pair_.connect(ep);
  }
  // Waits for an event whose bit is in `mask`; records every event seen.
  bool WaitFor(int mask, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (seen_ & mask) return true;
      zmq::pollitem_t item{pair_.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(100));
      if (!(item.revents & ZMQ_POLLIN)) continue;
      zmq::message_t event, address;
      if (!pair_.recv(event) || !pair_.recv(address)) continue;
      uint16_t id;
      std::memcpy(&id, event.data(), sizeof id);
      seen_ |= id;
    }
    return seen_ & mask;
  }
  int seen() const { return seen_; }

 private:
  zmq::socket_t pair_;
  int seen_ = 0;
};

zmq::socket_t CurveClient(zmq::context_t& ctx, const curve::KeyPair& keys,
                          const std::string& server_key,
                          const std::string& endpoint) {
  zmq::socket_t s(ctx, zmq::socket_type::push);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::curve_serverkey, server_key);
  s.set(zmq::sockopt::curve_publickey, keys.public_key);
  s.set(zmq::sockopt::curve_secretkey, keys.secret_key);
  s.connect(endpoint);
  return s;
}

TEST(CurveTest, AnAllowedPeerGetsThroughAndStrangersAreRefused) {
  TempDir dir;
  const std::string keys = dir.Sub("keys");
  // inkctl keys writes the pairs, the secret halves private to the owner.
  auto made = ink::testing::Run(
      BinDir() + "/inkctl --home " + ShellQuote(dir.path()) +
      " keys cleaner client sink --json --dir " + ShellQuote(keys));
  ASSERT_EQ(made.exit_code, 0) << made.out;
  auto made_json = nlohmann::json::parse(made.out, nullptr, false);
  ASSERT_TRUE(made_json.is_array() && made_json.size() == 3) << made.out;
  struct stat st;
  ASSERT_EQ(::stat((keys + "/cleaner.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Refuses to overwrite a key without --force.
  EXPECT_EQ(ink::testing::Run(BinDir() + "/inkctl keys cleaner --dir " +
                              ShellQuote(keys) + " 2>/dev/null")
                .exit_code,
            2);

  auto key_pair = [&](const std::string& name) {
    curve::KeyPair k;
    k.secret_key = curve::ReadKey(keys + "/" + name + ".key").value();
    k.public_key = curve::ReadKey(keys + "/" + name + ".pub").value();
    return k;
  };
  const curve::KeyPair cleaner = key_pair("cleaner");
  const curve::KeyPair client = key_pair("client");
  const curve::KeyPair sink = key_pair("sink");
  EXPECT_EQ(curve::PublicKeyOf(client.secret_key).value(), client.public_key);
  const curve::KeyPair stranger = curve::GenerateKeyPair().value();

  // The daemon binds the input; the test binds the output itself (port 0,
  // read back), so that no other process can take it in between.
  const std::string input = "tcp://127.0.0.1:" + std::to_string(FreePort());

  // This test plays the segmenter: a CURVE server admitting the cleaner.
  zmq::context_t ctx(1);
  auto zap = curve::ZapAuthenticator::Start(ctx, {cleaner.public_key});
  ASSERT_TRUE(zap.ok()) << zap.status().ToString();
  zmq::socket_t sink_socket(ctx, zmq::socket_type::pull);
  sink_socket.set(zmq::sockopt::linger, 0);
  sink_socket.set(zmq::sockopt::curve_server, 1);
  sink_socket.set(zmq::sockopt::curve_secretkey, sink.secret_key);
  sink_socket.set(zmq::sockopt::zap_domain, "inkstream");
  sink_socket.bind("tcp://127.0.0.1:*");
  const std::string output = sink_socket.get(zmq::sockopt::last_endpoint);
  ASSERT_NE(output, input);

  const std::string config = dir.Sub("cleaner.yaml");
  WriteFile(config, "common:\n  tick_ms: 50\nbus:\n  cleaner: " + input +
                        "\n  segmenter: " + output +
                        "\n  curve_secret_key_file: " + keys +
                        "/cleaner.key\n  curve_allowed_clients: [" + keys +
                        "/client.pub]\n  curve_server_keys: [\"segmenter=" +
                        keys + "/sink.pub\"]\n");
  DaemonProcess daemon("cleaner", dir.Sub("home"), config,
                       dir.Sub("cleaner.log"));
  ASSERT_TRUE(daemon.WaitReady(ctx)) << daemon.Log();

  // The strangers send first; the allowed client last.
  zmq::socket_t wrong_key =
      CurveClient(ctx, stranger, cleaner.public_key, input);
  HandshakeWatch wrong_watch(ctx, wrong_key, "wrong");
  ASSERT_TRUE(wrong_key.send(zmq::buffer(ArticleEnvelope("stranger")),
                             zmq::send_flags::dontwait));
  zmq::socket_t plain(ctx, zmq::socket_type::push);
  plain.set(zmq::sockopt::linger, 0);
  HandshakeWatch plain_watch(ctx, plain, "plain");
  plain.connect(input);
  ASSERT_TRUE(plain.send(zmq::buffer(ArticleEnvelope("plaintext")),
                         zmq::send_flags::dontwait));
  zmq::socket_t allowed = CurveClient(ctx, client, cleaner.public_key, input);
  HandshakeWatch allowed_watch(ctx, allowed, "allowed");
  ASSERT_TRUE(allowed.send(zmq::buffer(ArticleEnvelope("allowed")),
                           zmq::send_flags::dontwait));

  // The allowed document is cleaned and sent on, over CURVE, to the sink.
  zmq::pollitem_t item{sink_socket.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&item, 1, std::chrono::seconds(20));
  ASSERT_TRUE(item.revents & ZMQ_POLLIN) << daemon.Log();
  zmq::message_t msg;
  ASSERT_TRUE(sink_socket.recv(msg));
  v1::Envelope out;
  ASSERT_TRUE(out.ParseFromArray(msg.data(), static_cast<int>(msg.size())));
  EXPECT_EQ(out.doc_id(), "allowed");
  EXPECT_TRUE(out.has_clean());
  EXPECT_TRUE(allowed_watch.WaitFor(ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                                    std::chrono::seconds(5)));

  // The wrong key is refused by the daemon's ZAP handler...
  EXPECT_TRUE(wrong_watch.WaitFor(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH,
                                  std::chrono::seconds(20)))
      << "events seen: " << wrong_watch.seen();
  EXPECT_FALSE(wrong_watch.seen() & ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
  // ...and a peer without CURVE never completes a handshake.
  EXPECT_TRUE(plain_watch.WaitFor(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                                      ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                                      ZMQ_EVENT_DISCONNECTED,
                                  std::chrono::seconds(20)))
      << "events seen: " << plain_watch.seen();
  EXPECT_FALSE(plain_watch.seen() & ZMQ_EVENT_HANDSHAKE_SUCCEEDED);

  // The daemon received only the allowed document, and counted the refusal.
  auto status = nlohmann::json::parse(daemon.AskStatus(ctx).value());
  EXPECT_EQ(status["counters"]["received"], 1) << status.dump(2);
  EXPECT_GE(status["curve"]["refused"].get<int>(), 1) << status.dump(2);
  EXPECT_NE(status["curve"]["last_refused"].get<std::string>().find(
                stranger.public_key),
            std::string::npos)
      << status.dump(2);
  zmq::pollitem_t again{sink_socket.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&again, 1, std::chrono::milliseconds(0));
  EXPECT_FALSE(again.revents & ZMQ_POLLIN) << "a stranger's document arrived";
  daemon.Stop();
  EXPECT_EQ(daemon.exit_code(), 0) << daemon.Log();
}

TEST(CurveTest, ABadKeyInTheConfigIsAClearErrorAtStart) {
  TempDir dir;
  const std::string config = dir.Sub("bad.yaml");
  WriteFile(config,
            "bus:\n  cleaner: tcp://127.0.0.1:" + std::to_string(FreePort()) +
                "\n  curve_secret_key_file: " + dir.Sub("missing.key") + "\n");
  DaemonProcess daemon("cleaner", dir.Sub("home"), config, dir.Sub("log"));
  ASSERT_TRUE(WaitFor([&] { return daemon.Exited(); }));
  EXPECT_EQ(daemon.exit_code(), 2);
  EXPECT_NE(daemon.Log().find("curve_secret_key_file"), std::string::npos)
      << daemon.Log();
}

TEST(DaemonLockTest, ASecondDaemonOfAKindOnOneHomeRefusesToStart) {
  // Two fetchers on one inbox would split its files between them; a second
  // stage on the same ipc:// endpoint would take over the first's socket.
  TempDir dir;
  const std::string config = dir.Sub("one.yaml");
  WriteFile(config, "");
  zmq::context_t ctx(1);
  DaemonProcess first("cleaner", dir.Sub("home"), config, dir.Sub("log1"));
  ASSERT_TRUE(first.WaitReady(ctx)) << first.Log();
  DaemonProcess second("cleaner", dir.Sub("home"), config, dir.Sub("log2"));
  ASSERT_TRUE(WaitFor([&] { return second.Exited(); }));
  EXPECT_EQ(second.exit_code(), 1);
  EXPECT_NE(second.Log().find("another ink-cleaner runs with home"),
            std::string::npos)
      << second.Log();
  // The first one is unharmed, and once it is gone the home is free again.
  EXPECT_TRUE(first.AskStatus(ctx).ok());
  first.Stop();
  DaemonProcess third("cleaner", dir.Sub("home"), config, dir.Sub("log3"));
  EXPECT_TRUE(third.WaitReady(ctx)) << third.Log();
}

}  // namespace
}  // namespace ink::testing
