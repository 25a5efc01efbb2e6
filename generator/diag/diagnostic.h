// Diagnostics: every fault found in the sources, with its location, collected from any
// thread and printed by the CLI compiler-style or as JSON.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ttdn::diag {

enum class Severity { error, warning, info };

/// One finding about the sources. `file` is relative to the site folder; line and column
/// are 1-based, 0 when unknown.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  Severity severity = Severity::error;
  std::string code;  // stable machine-readable kind, e.g. "unknown-topic"
  std::string message;
};

const char* severity_name(Severity s);

/// `file:line:col: severity: message` (line/col omitted when unknown).
std::string format_text(const Diagnostic& d);

/// `[{"file","line","column","severity","code","message"}, …]`
std::string format_json(const std::vector<Diagnostic>& ds);

/// Thread-safe collector.
class Diagnostics {
 public:
  void add(Diagnostic d);
  void error(std::string file, int line, int column, std::string code, std::string message);
  void warning(std::string file, int line, int column, std::string code, std::string message);
  void info(std::string file, int line, int column, std::string code, std::string message);

  bool has_errors() const;
  size_t count(Severity s) const;
  /// True when any diagnostic so far names `file`.
  bool mentions(std::string_view file) const;
  /// Sorted by file, line, column, then message: stable output whatever the thread order.
  std::vector<Diagnostic> sorted() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
  std::set<std::string, std::less<>> files_;
};

}  // namespace ttdn::diag
