// Logic-less Mustache templates (kainjow): loading templates/ and templates/partials/,
// checking that every layout and partial named exists, and rendering a JSON view model.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.h"

namespace ttdn::render {

/// Values every page of one language shows the same (interface strings, site, publisher…),
/// converted for the templates once and looked up below each page's own view model, as if
/// they were part of it (a page's own key of the same name wins).
class SharedView {
 public:
  explicit SharedView(const nlohmann::json& values);
  ~SharedView();
  SharedView(const SharedView&) = delete;
  SharedView& operator=(const SharedView&) = delete;

 private:
  friend class TemplateSet;
  struct Data;
  std::unique_ptr<Data> data_;
};

class TemplateSet {
 public:
  /// Reads templates/*.mustache and templates/partials/*.mustache of the site. Syntax
  /// errors and references to missing partials are reported with their file.
  static TemplateSet load(const std::filesystem::path& site_dir, diag::Diagnostics& diags);

  /// Adds a template from memory (tests).
  void add_layout(const std::string& name, std::string source);
  void add_partial(const std::string& name, std::string source);

  bool has_layout(const std::string& name) const { return layouts_.count(name) > 0; }

  /// Renders layout `name` with `view` (and `shared` under it). Thread-safe. The layout
  /// must exist.
  std::string render(const std::string& name, const nlohmann::json& view,
                     const SharedView* shared = nullptr) const;

 private:
  std::map<std::string, std::string> layouts_;
  std::map<std::string, std::string> partials_;
  size_t id_ = 0;  // distinguishes template sets in the per-thread parse cache
};

}  // namespace ttdn::render
