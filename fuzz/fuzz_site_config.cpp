// Fuzz target: site.yaml parsing and validation (YAML syntax, alias bombs, wrong types).
#include <cstdint>

#include "config/site_config.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ttdn::diag::Diagnostics diags;
  auto cfg = ttdn::config::parse_site_config(std::string(ttdn::fuzz::as_text(data, size)), diags);
  if (cfg) {
    ttdn::fuzz::check(!cfg->languages.empty(), "a valid config has languages");
    ttdn::fuzz::check(cfg->language(cfg->default_language) != nullptr,
                      "the default language is configured");
    for (const auto& s : cfg->sections)
      for (const auto& l : cfg->languages)
        ttdn::fuzz::check(s.slug.count(l.code) == 1, "every section has a slug per language");
  }
  for (const auto& d : diags.sorted()) ttdn::fuzz::check(d.file == "site.yaml", "diagnostic names site.yaml");
  return 0;
}
