# haven_embed_files(TARGET target NAMESPACE ns FUNCTION fn BASE dir FILES f1 f2 ...)
# Generates a .cc that defines `std::span<haven::EmbeddedFile const> ns::fn()` holding each
# file's path (relative to BASE) and bytes, and adds it to TARGET. The binary then needs no
# data files at run time (templates, CSS, catalogs, migrations).
set(HAVEN_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_file.cmake)

function(haven_embed_files)
  cmake_parse_arguments(ARG "" "TARGET;NAMESPACE;FUNCTION;BASE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_FUNCTION}_embedded.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE}
            -DFUNCTION=${ARG_FUNCTION} -DBASE=${ARG_BASE} "-DFILES=${ARG_FILES}"
            -P ${HAVEN_EMBED_SCRIPT}
    DEPENDS ${ARG_FILES} ${HAVEN_EMBED_SCRIPT}
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
