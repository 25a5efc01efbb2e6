// Placeholder until the feeds feature lands: it adds nothing yet.
#include "site/features.h"

namespace ttdn::site {
void publish_feeds(BuildContext&) {}
}  // namespace ttdn::site
