# cmake/install.cmake - what `cmake --install` puts under the prefix, and the packages CPack
# makes of it (tools/package): the binary, its manual page and shell completions (generated
# at build time from the --help texts and the option table), and the documentation.
include(GNUInstallDirs)
set(SSOT_ZSH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/zsh/site-functions" CACHE STRING
    "where the zsh completion goes, under the prefix (Debian: share/zsh/vendor-completions)")
set(SSOT_PACKAGE_CONTACT "ssot maintainers <maintainers@ssot.invalid>" CACHE STRING
    "the Maintainer of the Debian package")

add_executable(gen_install_files tools/gen-install-files.c)
target_compile_options(gen_install_files PRIVATE ${SSOT_WARNINGS})
target_link_libraries(gen_install_files PRIVATE ssot_core)
set(SSOT_GENERATED "${CMAKE_BINARY_DIR}/generated")
set(SSOT_GENERATED_FILES "${SSOT_GENERATED}/ssot.1" "${SSOT_GENERATED}/ssot.bash"
    "${SSOT_GENERATED}/_ssot" "${SSOT_GENERATED}/ssot.fish")
add_custom_command(OUTPUT ${SSOT_GENERATED_FILES}
                   COMMAND ${CMAKE_COMMAND} -E make_directory "${SSOT_GENERATED}"
                   COMMAND gen_install_files "${SSOT_GENERATED}"
                   DEPENDS gen_install_files
                   COMMENT "Generating the manual page and shell completions" VERBATIM)
add_custom_target(install_files ALL DEPENDS ${SSOT_GENERATED_FILES})

install(TARGETS ssot RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${SSOT_GENERATED}/ssot.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${SSOT_GENERATED}/ssot.bash" RENAME ssot
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
install(FILES "${SSOT_GENERATED}/_ssot" DESTINATION "${SSOT_ZSH_COMPLETION_DIR}")
install(FILES "${SSOT_GENERATED}/ssot.fish"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")
install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY docs/ DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs" FILES_MATCHING PATTERN "*.md")

# Packages: a .deb whose Depends dpkg-shlibdeps computes from the binary, and a tarball of
# the same tree. The .deb installs under /usr (CPack's default for DEB).
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME ssot)
set(CPACK_PACKAGE_VENDOR ssot)
set(CPACK_PACKAGE_CONTACT "${SSOT_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "static analyzer for tests that cannot fail and duplicated sources of truth in Python")
set(CPACK_PACKAGE_DESCRIPTION
    "ssot finds placeholder tests, mock-only tests, singleton misuse, duplicated definitions and policy violations in Python projects.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libclang is loaded with dlopen (the C/C++ front end), so dpkg-shlibdeps does not see it:
# the package that holds the file the build found is named here (CPack appends the rest).
find_program(SSOT_DPKG_QUERY NAMES dpkg-query)
if(SSOT_DPKG_QUERY)
  execute_process(COMMAND "${SSOT_DPKG_QUERY}" -S "${SSOT_LIBCLANG_FILE}"
                  OUTPUT_VARIABLE libclang_owner ERROR_QUIET)
  string(REGEX MATCH "^([^:, ]+)" _ "${libclang_owner}")
  if(CMAKE_MATCH_1)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "${CMAKE_MATCH_1}")
  endif()
endif()
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
include(CPack)
