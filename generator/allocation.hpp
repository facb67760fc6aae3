#pragma once

/// Whether this build keeps freed small blocks a thread (allocation.cpp):
/// not under AddressSanitizer, which must see every block.
#if defined(__SANITIZE_ADDRESS__)
#define RETROFIT_KEEPS_BLOCKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RETROFIT_KEEPS_BLOCKS 0
#else
#define RETROFIT_KEEPS_BLOCKS 1
#endif
#else
#define RETROFIT_KEEPS_BLOCKS 1
#endif
