# Writes OUT, a JSON object {"<name>": "<text of DIR/<name>.css>", ...}: the printable
# documents' stylesheets for wasm/report-html.mjs (a JSON module loads alike in Node, the
# page, the worker and the single-file build; CSS stays CSS in the source tree). A sheet's
# opening /* comment */ is left out, so the documents carry only the rules.
#   cmake -DDIR=wasm/styles -DOUT=build/wasm/styles.json -P wasm/styles-json.cmake
file(GLOB sheets "${DIR}/*.css")
set(json "{")
set(sep "")
foreach(sheet IN LISTS sheets)
  get_filename_component(name "${sheet}" NAME_WE)
  file(READ "${sheet}" css)
  if(css MATCHES "^/\\*")
    string(FIND "${css}" "*/\n" end)
    math(EXPR start "${end} + 3")
    string(SUBSTRING "${css}" ${start} -1 css)
    string(REGEX REPLACE "^\n" "" css "${css}")
  endif()
  string(REPLACE "\\" "\\\\" css "${css}")
  string(REPLACE "\"" "\\\"" css "${css}")
  string(REPLACE "\n" "\\n" css "${css}")
  string(APPEND json "${sep}\n  \"${name}\": \"${css}\"")
  set(sep ",")
endforeach()
file(WRITE "${OUT}" "${json}\n}\n")
