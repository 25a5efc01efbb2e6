// Placeholder until the search feature lands: it adds nothing yet.
#include "site/features.h"

namespace ttdn::site {
void publish_search(BuildContext&) {}
}  // namespace ttdn::site
