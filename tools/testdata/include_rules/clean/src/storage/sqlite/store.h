#include "app/ports/store.h"
