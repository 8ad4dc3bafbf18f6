-- Neovim 0.7 as a real LSP client of `wirebook server` (tests/neovim.rs runs it):
-- opens WIREBOOK_DOC, waits for the published diagnostics, asks for a hover, and
-- writes them to WIREBOOK_OUT as JSON lines. Exits non-zero when nothing arrives.
local doc, out = os.getenv("WIREBOOK_DOC"), os.getenv("WIREBOOK_OUT")
vim.cmd("edit " .. vim.fn.fnameescape(doc))
local id = vim.lsp.start_client({
  name = "wirebook",
  cmd = { os.getenv("WIREBOOK_BIN"), "server", "--today", os.getenv("WIREBOOK_TODAY") },
  root_dir = os.getenv("WIREBOOK_ROOT"),
})
if not id then
  io.stderr:write("the server did not start\n")
  vim.cmd("cquit 2")
end
vim.lsp.buf_attach_client(0, id)
local want = tonumber(os.getenv("WIREBOOK_COUNT"))
local ok = vim.wait(30000, function()
  return #vim.diagnostic.get(0) >= want
end, 20)
if not ok then
  io.stderr:write("no diagnostics within 30 s\n")
  vim.cmd("cquit 1")
end
local f = io.open(out, "w")
for _, d in ipairs(vim.diagnostic.get(0)) do
  f:write(vim.fn.json_encode({
    code = d.code, source = d.source, severity = d.severity,
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    message = d.message,
  }) .. "\n")
end
-- Hover on the line WIREBOOK_HOVER_LINE (0-based), character 5.
local hl = tonumber(os.getenv("WIREBOOK_HOVER_LINE"))
local answers = vim.lsp.buf_request_sync(0, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = hl, character = 5 },
}, 10000) or {}
for _, a in pairs(answers) do
  if a.result and a.result.contents then
    f:write(vim.fn.json_encode({ hover = a.result.contents.value }) .. "\n")
  end
end
f:close()
vim.cmd("qall!")
