#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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
