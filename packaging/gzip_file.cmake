# cmake -DIN=FILE -DOUT=FILE.gz -P gzip_file.cmake: gzip one file (libarchive, level 9).
file(ARCHIVE_CREATE OUTPUT "${OUT}" PATHS "${IN}" FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9)
