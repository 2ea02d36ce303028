// A small Language Server Protocol client: the test plays the editor. JSON-RPC 2.0 over stdio with
// Content-Length framing; every request the server sends gets an answer (a server left waiting
// stalls).

import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Reads a dotted `section` ("yaml", "editor.tabSize") out of a settings object. */
function lookup(settings, section) {
  if (!section) return settings;
  let value = settings;
  for (const key of section.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) return null;
    value = value[key];
  }
  return value;
}

/** A language server child process and the editor side of the conversation. */
export class LspClient {
  /**
   * Starts `command args` and wires its stdio. `settings` answers `workspace/configuration`
   * (looked up by section) and is sent with `workspace/didChangeConfiguration`.
   */
  constructor(command, args, { settings = {}, cwd } = {}) {
    this.settings = settings;
    this.nextId = 1;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.listeners = new Set();
    /** Every request the server sent, by method (for assertions and debugging). */
    this.serverRequests = [];
    this.stderr = '';
    this.buffer = Buffer.alloc(0);
    this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk) => this.#receive(chunk));
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(({ code, signal }) => {
      for (const { reject, method } of this.pending.values()) {
        reject(new Error(`server exited (${code ?? signal}) before answering ${method}; stderr:\n${this.stderr}`));
      }
      this.pending.clear();
    });
  }

  #send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  #receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: *(\d+)/i.exec(header);
      if (!match) throw new Error(`LSP header without Content-Length: ${header}`);
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.#dispatch(JSON.parse(body));
    }
  }

  #dispatch(message) {
    if (message.id !== undefined && message.method === undefined) {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter.resolve(message.result);
    } else if (message.id !== undefined) {
      this.serverRequests.push(message.method);
      this.#send({ id: message.id, result: this.#answer(message.method, message.params) });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.set(message.params.uri, { at: Date.now(), list: message.params.diagnostics });
      for (const listener of this.listeners) listener(message.params);
    }
  }

  /** The answer to a request from the server. */
  #answer(method, params) {
    switch (method) {
      case 'workspace/configuration':
        return params.items.map((item) => lookup(this.settings, item.section));
      case 'workspace/workspaceFolders':
        return [];
      // Registrations, progress tokens and the like need nothing but an acknowledgement.
      default:
        return null;
    }
  }

  /** Sends a request and resolves with its result. */
  request(method, params, timeoutMs = 20000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms; stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#send({ id, method, params });
    });
  }

  /** Sends a notification. */
  notify(method, params) {
    this.#send({ method, params });
  }

  /** `initialize` + `initialized` + the settings, as an editor does on start. */
  async initialize(rootUri) {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: true },
          publishDiagnostics: { relatedInformation: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        },
        window: { workDoneProgress: true },
      },
    });
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: this.settings });
    return result;
  }

  /** Opens a document. */
  open(uri, text, languageId = 'yaml') {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Closes a document. */
  close(uri) {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The diagnostics of `uri` once the server has published them and then stayed quiet for
   * `quietMs` (a server may publish more than once per change).
   */
  settledDiagnostics(uri, { timeoutMs = 20000, quietMs = 200 } = {}) {
    return new Promise((resolve, reject) => {
      let quietTimer;
      const settle = () => {
        clearTimeout(quietTimer);
        quietTimer = setTimeout(() => {
          cleanup();
          resolve(this.diagnostics.get(uri).list);
        }, quietMs);
      };
      const listener = (params) => {
        if (params.uri === uri) settle();
      };
      const timeout = setTimeout(() => {
        cleanup();
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr:\n${this.stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timeout);
        clearTimeout(quietTimer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      if (this.diagnostics.has(uri)) settle();
    });
  }

  /** `textDocument/hover` at a zero-based line and character. */
  hover(uri, line, character) {
    return this.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** `textDocument/completion` at a zero-based line and character; always a list of items. */
  async completion(uri, line, character) {
    const result = await this.request('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
      context: { triggerKind: 1 },
    });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  /** `shutdown` + `exit`, then waits for the process to end. */
  async stop() {
    if (this.child.exitCode === null) {
      try {
        await this.request('shutdown', null, 5000);
        this.notify('exit', null);
      } catch {
        // Ends below either way.
      }
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

/**
 * Starts yaml-language-server (`server`, its script) over stdio in `workspace`, with validation,
 * hover and completion on, SchemaStore's catalog off (it would be fetched from the internet) and
 * `schemas` as its `yaml.schemas` setting; returns the initialised client.
 */
export async function startYamlServer(server, workspace, schemas) {
  const client = new LspClient(process.execPath, [server, '--stdio'], {
    cwd: workspace,
    settings: {
      yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, schemas },
      http: {},
      '[yaml]': {},
      editor: {},
    },
  });
  await client.initialize(pathToFileURL(workspace).href);
  return client;
}
