# Every third-party library Haven links, found once (STACK.md §2 has the verified recipes).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system locale)
find_package(nlohmann_json 3.11 REQUIRED CONFIG)
find_package(fmt 9 REQUIRED CONFIG)
find_package(spdlog 1.10 REQUIRED CONFIG)
find_package(CLI11 2.1 REQUIRED CONFIG)
find_package(GTest REQUIRED CONFIG)
find_package(benchmark REQUIRED CONFIG)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)

find_path(KAINJOW_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(kainjow::mustache INTERFACE IMPORTED)
set_target_properties(kainjow::mustache PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${KAINJOW_MUSTACHE_INCLUDE_DIR}")

find_program(MSGFMT_EXECUTABLE msgfmt REQUIRED)
pkg_check_modules(OATH REQUIRED IMPORTED_TARGET liboath)          # <oath.h>
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)  # <qrencode.h>

# libphonenumber ships no .pc and no CMake config (STACK.md gotcha 6); its headers include
# phonenumber.pb.h, so protobuf comes along.
find_library(PHONENUMBER_LIBRARY NAMES phonenumber REQUIRED)
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_package(Protobuf REQUIRED)
add_library(phonenumber::phonenumber UNKNOWN IMPORTED)
set_target_properties(phonenumber::phonenumber PROPERTIES
  IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "protobuf::libprotobuf")

# libmagic: a document's type from its content (app/document_types.h).
pkg_check_modules(MAGIC REQUIRED IMPORTED_TARGET libmagic)        # <magic.h>
