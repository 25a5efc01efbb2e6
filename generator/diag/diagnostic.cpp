#include "diag/diagnostic.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

namespace ttdn::diag {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

std::string format_text(const Diagnostic& d) {
  std::string out = d.file.empty() ? std::string("ttdn") : d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line);
    if (d.column > 0) out += ':' + std::to_string(d.column);
  }
  out += ": ";
  out += severity_name(d.severity);
  out += ": ";
  out += d.message;
  return out;
}

std::string format_json(const std::vector<Diagnostic>& ds) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& d : ds) {
    arr.push_back({{"file", d.file},
                   {"line", d.line},
                   {"column", d.column},
                   {"severity", severity_name(d.severity)},
                   {"code", d.code},
                   {"message", d.message}});
  }
  // A file name that is not UTF-8 must not make the report throw: bad bytes become U+FFFD.
  return arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void Diagnostics::add(Diagnostic d) {
  std::lock_guard lock(mutex_);
  files_.insert(d.file);
  items_.push_back(std::move(d));
}

bool Diagnostics::mentions(std::string_view file) const {
  std::lock_guard lock(mutex_);
  return files_.find(file) != files_.end();
}

void Diagnostics::error(std::string file, int line, int column, std::string code,
                        std::string message) {
  add({std::move(file), line, column, Severity::error, std::move(code), std::move(message)});
}

void Diagnostics::warning(std::string file, int line, int column, std::string code,
                          std::string message) {
  add({std::move(file), line, column, Severity::warning, std::move(code), std::move(message)});
}

void Diagnostics::info(std::string file, int line, int column, std::string code,
                       std::string message) {
  add({std::move(file), line, column, Severity::info, std::move(code), std::move(message)});
}

bool Diagnostics::has_errors() const { return count(Severity::error) > 0; }

size_t Diagnostics::count(Severity s) const {
  std::lock_guard lock(mutex_);
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                           [s](const Diagnostic& d) { return d.severity == s; }));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out;
  {
    std::lock_guard lock(mutex_);
    out = items_;
  }
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.column, a.message) <
           std::tie(b.file, b.line, b.column, b.message);
  });
  return out;
}

}  // namespace ttdn::diag
