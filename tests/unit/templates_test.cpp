#include <catch2/catch.hpp>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "render/templates.h"

using ttdn::render::TemplateSet;

TEST_CASE("template values are escaped in layouts and partials, raw only when asked", "[templates]") {
  TemplateSet set;
  set.add_partial("item", "<li title=\"{{title}}\">{{title}}</li>");
  set.add_layout("page", "<p>{{text}}</p><ul>{{#items}}{{> item}}{{/items}}</ul>{{{html}}}");
  nlohmann::json view = {
      {"text", "Thác \"Bản Giốc\" & <德天> 'mùa thu'"},
      {"items", {{{"title", "a<b"}}, {{"title", "không cần thoát"}}}},
      {"html", "<em>x & y</em>"}};
  CHECK(set.render("page", view) ==
        "<p>Thác &quot;Bản Giốc&quot; &amp; &lt;德天&gt; &apos;mùa thu&apos;</p>"
        "<ul><li title=\"a&lt;b\">a&lt;b</li><li title=\"không cần thoát\">không cần thoát</li></ul>"
        "<em>x & y</em>");
}

TEST_CASE("a NUL in a value does not end its escaping", "[templates]") {
  TemplateSet set;
  set.add_layout("page", "{{v}}");
  const std::string value = std::string("a<b", 3) + std::string(1, '\0') + "c&d\"";
  CHECK(set.render("page", {{"v", value}}) ==
        std::string("a&lt;b", 6) + std::string(1, '\0') + "c&amp;d&quot;");
}

namespace {

namespace km = kainjow::mustache;

/// kainjow's data for a JSON value, built with its public API alone: the reference the
/// template set's rendering (which reads the JSON in place) must match.
km::data reference_data(const nlohmann::json& j) {
  if (j.is_object()) {
    km::data d{km::data::type::object};
    for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), reference_data(it.value()));
    return d;
  }
  if (j.is_array()) {
    km::data d{km::data::type::list};
    for (const auto& item : j) d.push_back(reference_data(item));
    return d;
  }
  if (j.is_string()) return km::data{j.get<std::string>()};
  if (j.is_boolean()) return km::data{j.get<bool>()};
  if (j.is_null()) return km::data{false};
  return km::data{j.dump()};
}

std::string reference_render(const std::string& source, const nlohmann::json& view,
                             const nlohmann::json* shared = nullptr) {
  km::mustache tmpl(source);
  km::data page = reference_data(view);
  km::data under = shared ? reference_data(*shared) : km::data{};
  km::context<std::string> ctx(shared ? &under : &page);
  if (shared) ctx.push(&page);
  std::ostringstream out;
  tmpl.render(ctx, out);
  return out.str();
}

}  // namespace

TEST_CASE("a view renders as kainjow renders the same data converted whole", "[templates]") {
  const nlohmann::json view = {
      {"title", "Thác Bản Giốc"},
      {"count", 3},
      {"none", nullptr},
      {"no", false},
      {"empty_list", nlohmann::json::array()},
      {"empty_object", nlohmann::json::object()},
      {"page", {{"title", "Trang"}, {"section", {{"url", "/tin-tuc/"}, {"title", "Tin tức"}}},
                {"topics", {{{"name", "Biên giới"}, {"url", "/b/"}}, {{"name", "Du lịch"}}}}}},
      {"tags", {"a", "b<c"}},
      {"grid", {{"x", "y"}, nlohmann::json::array(), {"z"}}},
      {"items", {{{"title", "một"}, {"url", "/1/"}, {"sub", {{"title", "con"}}}},
                 {{"title", "hai"}, {"flag", true}}}}};
  const std::vector<std::string> templates = {
      "{{title}} {{count}} [{{none}}][{{no}}][{{missing}}]",
      "{{#page}}{{title}}|{{section.title}}|{{site_title}}{{/page}}",
      "{{page.section.url}} {{page.section.missing}} {{page.title.length}}",
      "{{#page.topics}}<a href=\"{{url}}\">{{name}}</a> {{title}};{{/page.topics}}",
      "{{#tags}}<{{.}}>{{/tags}}{{^tags}}none{{/tags}}",
      "{{#grid}}[{{#.}}{{.}}{{/.}}]{{/grid}}",
      "{{#empty_list}}x{{/empty_list}}{{^empty_list}}empty{{/empty_list}}",
      "{{#empty_object}}object{{/empty_object}}{{^empty_object}}no object{{/empty_object}}",
      "{{#none}}x{{/none}}{{^none}}null{{/none}}{{#no}}x{{/no}}{{^no}}false{{/no}}",
      "{{#items}}{{title}}:{{url}}:{{sub.title}}:{{page.title}}:{{#flag}}F{{/flag}}{{/items}}",
      "{{#items}}{{#sub}}{{title}}/{{url}}{{/sub}}{{/items}}",
      "{{page}}|{{items}}|{{#page}}{{.}}{{/page}}|{{#title}}{{.}}{{/title}}",
      "{{#page.section}}{{#page.topics}}{{name}}@{{url}}{{/page.topics}}{{/page.section}}",
      "{{site_title}} {{t.home}} {{title}} {{#t}}{{home}}{{/t}}"};
  const nlohmann::json shared = {{"site_title", "Cổng"}, {"title", "bị che"},
                                 {"t", {{"home", "Trang chủ"}}}};
  ttdn::render::SharedView shared_view(shared);
  for (const auto& source : templates) {
    INFO(source);
    TemplateSet set;
    set.add_layout("page", source);
    CHECK(set.render("page", view) == reference_render(source, view));
    CHECK(set.render("page", view, &shared_view) == reference_render(source, view, &shared));
  }
}
