// Configuration: one YAML file, one section per daemon, every key declared
// in a table with its type, default and help. Unknown sections and keys are
// errors that name them. String values may use {home} and {run}, which are
// replaced by the home directory and the run directory.
//
// Thread-safety: a loaded Config is immutable and may be shared.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace ink::config {

enum class Type { kString, kInt, kBool, kDouble, kStringList };

// One documented key of a section.
struct Key {
  std::string name;
  Type type = Type::kString;
  std::string
      default_value;  // As it would be written in YAML; lists comma-separated.
  std::string help;
};

// A section's declared keys, in the order they are documented.
struct SectionSchema {
  std::string name;
  std::string help;
  std::vector<Key> keys;
};

// The resolved values of one section: every declared key has a value.
class Section {
 public:
  Section() = default;
  Section(std::string name, std::map<std::string, std::string> values,
          std::map<std::string, std::vector<std::string>> lists);

  const std::string& name() const { return name_; }
  // Accessors for declared keys. Asking for an undeclared key is a
  // programmer error (aborts); values were type-checked at load time.
  const std::string& GetString(const std::string& key) const;
  int64_t GetInt(const std::string& key) const;
  bool GetBool(const std::string& key) const;
  double GetDouble(const std::string& key) const;
  const std::vector<std::string>& GetList(const std::string& key) const;

 private:
  std::string name_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> lists_;
};

class Config {
 public:
  // Loads `path` (empty: defaults only) against the given schemas.
  // `home` is the base directory of var/ (already absolute or relative to
  // the working directory). Sections missing from the file get defaults.
  static Result<Config> Load(const std::string& path, const std::string& home,
                             const std::vector<SectionSchema>& schemas);

  // Returns the section; a section not in the schemas is a programmer error.
  const Section& section(const std::string& name) const;
  const std::string& home() const { return home_; }
  const std::string& run_dir() const { return run_dir_; }
  const std::string& path() const { return path_; }

  // Replaces {home} and {run} in `value`.
  std::string Expand(const std::string& value) const;

 private:
  std::string path_;
  std::string home_;
  std::string run_dir_;
  std::map<std::string, Section> sections_;
};

// Renders the schemas as a commented YAML file with every default.
std::string DescribeSchemas(const std::vector<SectionSchema>& schemas);

}  // namespace ink::config
