// The one source of truth for the C ABI: the generated header at the repository root.
#include "../../../../include/gotrue.h"
