// Drives yaml-language-server (the engine of VS Code's YAML extension) over LSP
// on stdio, as an editor does, and prints the diagnostics it publishes.
//
//   node lsp.mjs WORKSPACE_DIR FILE.yaml...
//
// Each file is opened with its text as on disk (its first line is the
// `# yaml-language-server: $schema=...` modeline). Prints one JSON object on stdout:
// {"server": "<name> <version>", "diagnostics": {"<file>": [Diagnostic...]}}, each
// Diagnostic with an extra "actions" field: the titles of the code actions the server
// offers for it.
// Exits 1 with a message when the server does not answer in time, dies, or
// sends a malformed message; the server is killed in every case.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const STEP_TIMEOUT_MS = 20000; // one request, or the first diagnostics of a file
const SETTLE_MS = 1500; // quiet time after the last publish before reading the verdict

const [workspace, ...files] = process.argv.slice(2);
if (!workspace || files.length === 0) {
  console.error("usage: node lsp.mjs WORKSPACE_DIR FILE.yaml...");
  process.exit(2);
}

const serverJs = require.resolve("yaml-language-server/bin/yaml-language-server");
const server = spawn(process.execPath, [serverJs, "--stdio"], {
  stdio: ["pipe", "pipe", "pipe"],
});
let stderr = "";
let finished = false; // set once shutdown was answered: exiting is then expected
server.stderr.on("data", (d) => (stderr += d));

function fail(message) {
  console.error(`lsp.mjs: ${message}`);
  if (stderr.trim()) console.error(`server stderr:\n${stderr.trim()}`);
  server.kill("SIGKILL");
  process.exit(1);
}
server.on("error", (e) => fail(`cannot start the server: ${e.message}`));
server.on("exit", (code, signal) => {
  if (!finished) fail(`the server exited early (code ${code}, signal ${signal})`);
});

// ---- JSON-RPC framing ---------------------------------------------------
let buffer = Buffer.alloc(0);
let nextId = 1;
const pending = new Map(); // id -> {resolve, timer, method}
const published = new Map(); // uri -> diagnostics (the latest publish)
let lastPublish = 0;
const log = []; // window/logMessage and showMessage texts, for failure output

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}

function request(method, params) {
  const id = nextId++;
  return new Promise((resolvePromise) => {
    const timer = setTimeout(
      () => fail(`no answer to ${method} within ${STEP_TIMEOUT_MS} ms`),
      STEP_TIMEOUT_MS,
    );
    pending.set(id, { resolve: resolvePromise, timer, method });
    send({ id, method, params });
  });
}

const notify = (method, params) => send({ method, params });

// What a VS Code user with the YAML extension and default settings has, minus
// the schema store (a network fetch).
const SETTINGS = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    schemas: {},
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    yamlVersion: "1.2",
  },
  http: { proxy: "", proxyStrictSSL: false },
  "[yaml]": {},
  editor: {},
};

function onRequestFromServer(message) {
  const { id, method, params } = message;
  if (method === "workspace/configuration") {
    const result = params.items.map((item) => SETTINGS[item.section] ?? null);
    send({ id, result });
  } else {
    // client/registerCapability, window/workDoneProgress/create, ...
    send({ id, result: null });
  }
}

function onMessage(message) {
  if (message.id !== undefined && message.method === undefined) {
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.error) fail(`${p.method} failed: ${JSON.stringify(message.error)}`);
    p.resolve(message.result);
  } else if (message.id !== undefined) {
    onRequestFromServer(message);
  } else if (message.method === "textDocument/publishDiagnostics") {
    published.set(message.params.uri, message.params.diagnostics);
    lastPublish = Date.now();
  } else if (message.method === "window/logMessage" || message.method === "window/showMessage") {
    log.push(message.params.message);
  }
}

server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const header = buffer.subarray(0, headerEnd).toString("ascii");
    const match = /Content-Length: *(\d+)/i.exec(header);
    if (!match) fail(`a message without Content-Length: ${JSON.stringify(header)}`);
    const length = Number(match[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
    buffer = buffer.subarray(headerEnd + 4 + length);
    let message;
    try {
      message = JSON.parse(body);
    } catch (e) {
      fail(`malformed JSON from the server: ${e.message}`);
    }
    onMessage(message);
  }
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the session ----------------------------------------------------------
const rootUri = pathToFileURL(resolve(workspace)).href;
const init = await request("initialize", {
  processId: process.pid,
  clientInfo: { name: "wirebook-tests", version: "1" },
  rootUri,
  workspaceFolders: [{ uri: rootUri, name: "workspace" }],
  capabilities: {
    workspace: { configuration: true, workspaceFolders: true },
    textDocument: {
      publishDiagnostics: { relatedInformation: true },
      synchronization: { didSave: true },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ["", "quickfix", "refactor", "source"] } },
      },
    },
  },
});
const info = init?.serverInfo ?? {};
notify("initialized", {});
notify("workspace/didChangeConfiguration", { settings: SETTINGS });

const uris = files.map((f) => pathToFileURL(resolve(f)).href);
files.forEach((file, i) => {
  notify("textDocument/didOpen", {
    textDocument: { uri: uris[i], languageId: "yaml", version: 1, text: readFileSync(file, "utf8") },
  });
});

const start = Date.now();
while (uris.some((u) => !published.has(u)) || Date.now() - lastPublish < SETTLE_MS) {
  if (Date.now() - start > STEP_TIMEOUT_MS) {
    const missing = files.filter((_, i) => !published.has(uris[i]));
    fail(`no diagnostics within ${STEP_TIMEOUT_MS} ms for: ${missing.join(", ")}\nlog: ${log.join("\n")}`);
  }
  await sleep(100);
}

const diagnostics = {};
for (const [i, file] of files.entries()) {
  const found = published.get(uris[i]);
  for (const d of found) {
    const actions = await request("textDocument/codeAction", {
      textDocument: { uri: uris[i] },
      range: d.range,
      context: { diagnostics: [d] },
    });
    d.actions = (actions ?? []).map((a) => a.title);
  }
  diagnostics[file] = found;
}
await request("shutdown", null);
finished = true;
notify("exit", null);
const exited = await Promise.race([
  new Promise((r) => server.once("exit", () => r(true))),
  sleep(2000).then(() => false),
]);
if (!exited) server.kill("SIGKILL");
console.log(JSON.stringify({ server: `${info.name} ${info.version}`, diagnostics }, null, 1));
