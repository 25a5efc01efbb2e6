// Placeholder until the documents feature lands: it adds nothing yet.
#include "site/features.h"

namespace ttdn::site {
void load_documents(BuildContext&) {}
void publish_documents(BuildContext&) {}
}  // namespace ttdn::site
