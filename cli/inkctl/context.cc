#include "cli/inkctl/context.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "common/pipeline.h"
#include "stages/cleaner/cleaner_stage.h"
#include "stages/enricher/enricher_stage.h"
#include "stages/fetcher/fetcher.h"
#include "stages/segmenter/segmenter_stage.h"
#include "stages/store/store_stage.h"

namespace ink::ctl {

std::vector<config::SectionSchema> Context::AllSchemas() {
  return {CommonSchema(),
          BusSchema(),
          MetricsSchema(),
          fetcher::Descriptor().schema,
          cleaner::Descriptor().schema,
          segmenter::Descriptor().schema,
          enricher::Descriptor().schema,
          store::Descriptor().schema};
}

const config::Config* Context::Config() {
  if (!config_) {
    auto c = config::Config::Load(config_path, home, AllSchemas());
    if (!c.ok()) {
      Fail(kUsage, c.status().ToString());
      return nullptr;
    }
    config_.emplace(std::move(c.value()));
  }
  return &*config_;
}

std::string Context::BinDir() const {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "build/bin";
  return self.parent_path().string();
}

bool StdoutIsTty() { return ::isatty(STDOUT_FILENO) == 1; }

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "inkctl: %s\n", message.c_str());
  return code;
}

}  // namespace ink::ctl
