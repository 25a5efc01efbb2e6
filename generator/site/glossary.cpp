// Placeholder until the glossary feature lands: it adds nothing yet.
#include "site/features.h"

namespace ttdn::site {
void load_glossary(BuildContext&) {}
void publish_glossary(BuildContext&) {}
}  // namespace ttdn::site
