// Prints how assets/js/search.js tokenises texts, for the generator's tests to compare with
// generator/search/tokenizer.cpp (tests/site/search_site_test.cpp).
// Usage: node tokens.cjs INPUT.json  with {"stemmer": "english"|"none", "texts": [...]};
// prints [[[plain, variant, ideographic], ...], ...], one list per text.
"use strict";
const fs = require("fs");
const path = require("path");
const words = require(path.join(__dirname, "../../assets/js/search.js"));
const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = input.texts.map((text) =>
  words.tokenize(text, input.stemmer).map((t) => [t.p, t.v, t.ideo]));
process.stdout.write(JSON.stringify(out));
