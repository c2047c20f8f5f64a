// Catch2's main, compiled once into its own library: it is the slowest file
// of the test build (especially under MinGW), and never changes.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
