# Install layout and the Debian package (cpack -G DEB in the build dir).
include(GNUInstallDirs)
install(TARGETS inkctl ink-fetcher ink-cleaner ink-segmenter ink-enricher ink-store
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES deploy/inkstream.yaml DESTINATION /etc/inkstream)
install(FILES deploy/systemd/ink-fetcher.service deploy/systemd/ink-cleaner.service
  deploy/systemd/ink-segmenter.service deploy/systemd/ink-enricher.service
  deploy/systemd/ink-store.service deploy/systemd/inkstream.target
  DESTINATION lib/systemd/system)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME inkstream)
set(CPACK_PACKAGE_CONTACT "inkstream developers <dev@inkstream.local>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "News-ingestion pipeline: clean, segment, enrich and index articles")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3-jieba, adduser")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/deploy/debian/postinst)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_STRIP_FILES ON)
include(CPack)
