// Placeholder until the bulletins feature lands: it adds nothing yet.
#include "site/features.h"

namespace ttdn::site {
void load_bulletins(BuildContext&) {}
void publish_bulletins(BuildContext&) {}
}  // namespace ttdn::site
