#include "common/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

namespace ink::config {
namespace {

// Every section a pipeline config may hold. A daemon validates the
// sections it was given schemas for and skips the others' keys; inkctl
// validates them all.
const std::set<std::string>& KnownSections() {
  static const std::set<std::string> k = {"common",  "bus",       "fetcher",
                                          "cleaner", "segmenter", "enricher",
                                          "store",   "inkctl"};
  return k;
}

std::string Trim(std::string s) {
  auto ws = [](unsigned char c) { return std::isspace(c); };
  while (!s.empty() && ws(s.back())) s.pop_back();
  size_t i = 0;
  while (i < s.size() && ws(s[i])) ++i;
  return s.substr(i);
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = Trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Status CheckType(const std::string& where, const Key& key,
                 const std::string& v) {
  auto bad = [&](const char* what) {
    return Status::InvalidArgument(where + ": '" + v + "' is not " + what);
  };
  switch (key.type) {
    case Type::kInt: {
      char* end = nullptr;
      errno = 0;
      std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || errno) return bad("an integer");
      break;
    }
    case Type::kDouble: {
      char* end = nullptr;
      std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0') return bad("a number");
      break;
    }
    case Type::kBool:
      if (v != "true" && v != "false") return bad("true or false");
      break;
    default:
      break;
  }
  return Status::OK();
}

}  // namespace

Section::Section(std::string name, std::map<std::string, std::string> values,
                 std::map<std::string, std::vector<std::string>> lists)
    : name_(std::move(name)),
      values_(std::move(values)),
      lists_(std::move(lists)) {}

const std::string& Section::GetString(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) {
    fprintf(stderr, "BUG: config key %s.%s was not declared\n", name_.c_str(),
            key.c_str());
    std::abort();
  }
  return it->second;
}

int64_t Section::GetInt(const std::string& key) const {
  return std::strtoll(GetString(key).c_str(), nullptr, 10);
}

bool Section::GetBool(const std::string& key) const {
  return GetString(key) == "true";
}

double Section::GetDouble(const std::string& key) const {
  return std::strtod(GetString(key).c_str(), nullptr);
}

const std::vector<std::string>& Section::GetList(const std::string& key) const {
  auto it = lists_.find(key);
  if (it == lists_.end()) {
    fprintf(stderr, "BUG: config list %s.%s was not declared\n", name_.c_str(),
            key.c_str());
    std::abort();
  }
  return it->second;
}

std::string Config::Expand(const std::string& value) const {
  std::string out = value;
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"{home}", home_},
        {"{run}", run_dir_}}) {
    size_t pos = 0;
    while ((pos = out.find(from, pos)) != std::string::npos) {
      out.replace(pos, from.size(), to);
      pos += to.size();
    }
  }
  return out;
}

Result<Config> Config::Load(const std::string& path, const std::string& home,
                            const std::vector<SectionSchema>& schemas) {
  Config cfg;
  cfg.path_ = path;
  std::error_code ec;
  auto abs_home = std::filesystem::absolute(home.empty() ? "var" : home, ec);
  cfg.home_ = abs_home.lexically_normal().string();
  while (cfg.home_.size() > 1 && cfg.home_.back() == '/') cfg.home_.pop_back();
  cfg.run_dir_ = cfg.home_ + "/run";

  YAML::Node root;
  if (!path.empty()) {
    try {
      root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
      return Status::IOError("cannot read config file " + path);
    } catch (const YAML::Exception& e) {
      return Status::InvalidArgument("config " + path + ": " + e.what());
    }
    if (!root.IsNull() && !root.IsMap()) {
      return Status::InvalidArgument("config " + path +
                                     ": top level must be a map of sections");
    }
  }

  std::map<std::string, const SectionSchema*> by_name;
  for (const auto& s : schemas) by_name[s.name] = &s;

  if (root.IsMap()) {
    for (const auto& kv : root) {
      std::string name = kv.first.as<std::string>();
      if (!KnownSections().count(name) && !by_name.count(name)) {
        return Status::InvalidArgument("config " + path +
                                       ": unknown section '" + name + "'");
      }
      if (!kv.second.IsNull() && !kv.second.IsMap()) {
        return Status::InvalidArgument("config " + path + ": section '" + name +
                                       "' must be a map of keys");
      }
    }
  }

  for (const auto& schema : schemas) {
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<std::string>> lists;
    for (const auto& key : schema.keys) {
      values[key.name] = cfg.Expand(key.default_value);
      if (key.type == Type::kStringList) {
        lists[key.name] = SplitList(values[key.name]);
      }
    }
    YAML::Node node = root.IsMap() ? root[schema.name] : YAML::Node();
    if (node && node.IsMap()) {
      for (const auto& kv : node) {
        std::string key_name = kv.first.as<std::string>();
        auto it =
            std::find_if(schema.keys.begin(), schema.keys.end(),
                         [&](const Key& k) { return k.name == key_name; });
        std::string where = schema.name + "." + key_name;
        if (it == schema.keys.end()) {
          return Status::InvalidArgument("config " + path + ": unknown key '" +
                                         where + "'");
        }
        if (it->type == Type::kStringList) {
          std::vector<std::string> items;
          if (kv.second.IsSequence()) {
            for (const auto& item : kv.second)
              items.push_back(cfg.Expand(item.as<std::string>()));
          } else if (kv.second.IsScalar()) {
            items = SplitList(cfg.Expand(kv.second.as<std::string>()));
          } else if (!kv.second.IsNull()) {
            return Status::InvalidArgument("config " + path + ": " + where +
                                           " must be a list");
          }
          lists[key_name] = items;
          continue;
        }
        if (!kv.second.IsScalar() && !kv.second.IsNull()) {
          return Status::InvalidArgument("config " + path + ": " + where +
                                         " must be a single value");
        }
        std::string v =
            kv.second.IsNull() ? "" : cfg.Expand(kv.second.as<std::string>());
        RETURN_IF_ERROR(CheckType("config " + path + ": " + where, *it, v));
        values[key_name] = v;
      }
    }
    cfg.sections_[schema.name] =
        Section(schema.name, std::move(values), std::move(lists));
  }
  return cfg;
}

const Section& Config::section(const std::string& name) const {
  auto it = sections_.find(name);
  if (it == sections_.end()) {
    fprintf(stderr, "BUG: config section %s has no schema\n", name.c_str());
    std::abort();
  }
  return it->second;
}

std::string DescribeSchemas(const std::vector<SectionSchema>& schemas) {
  std::ostringstream out;
  for (const auto& s : schemas) {
    out << "# " << s.help << "\n" << s.name << ":\n";
    for (const auto& k : s.keys) {
      out << "  # " << k.help << "\n  " << k.name << ": ";
      if (k.type == Type::kStringList) {
        out << "[";
        auto items = SplitList(k.default_value);
        for (size_t i = 0; i < items.size(); ++i)
          out << (i ? ", " : "") << '"' << items[i] << '"';
        out << "]\n";
      } else if (k.type == Type::kString) {
        out << '"' << k.default_value << "\"\n";
      } else {
        out << k.default_value << "\n";
      }
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace ink::config
