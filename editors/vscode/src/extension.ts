// The credsum VS Code extension: starts `credsum lsp` once a candidate file is open, mirrors the
// `credsum.*` settings to the server, and offers export and lint commands that run the CLI.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
} from 'vscode-languageclient/node';

import { locateServer } from './executable';
import { EXPORT_FORMATS, exportArgs } from './exportFormats';
import { LintFile, formatLines, lintFailed, parseLintReport, summarize } from './lintReport';
import { SERVED_LANGUAGES, isCandidate } from './matching';
import { ExtensionSettings, ServerConfig, answerConfigurationItem, readSettings, toServerConfig } from './settings';

const INSTALL_URL = 'https://github.com/credsum/credsum#install';
const SECTION = 'credsum';

class CredsumExtension implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  /** The executable was missing; don't start again until the settings change or a restart. */
  private missingServer = false;
  private readonly output: vscode.OutputChannel;
  private readonly lintDiagnostics: vscode.DiagnosticCollection;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.output = vscode.window.createOutputChannel('credsum');
    this.lintDiagnostics = vscode.languages.createDiagnosticCollection('credsum-lint');
    this.disposables.push(
      this.output,
      this.lintDiagnostics,
      vscode.commands.registerCommand('credsum.exportSchema', () => this.exportSchema()),
      vscode.commands.registerCommand('credsum.lintWorkspace', () => this.lintWorkspace()),
      vscode.commands.registerCommand('credsum.restartServer', () => this.restart()),
      vscode.commands.registerCommand('credsum.showOutput', () => this.output.show(true)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.consider(doc)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) {
          return;
        }
        // A lint finding goes stale when its file is edited.
        this.lintDiagnostics.delete(event.document.uri);
        if (!this.client) {
          this.consider(event.document);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((event) => this.configurationChanged(event)),
    );
    for (const doc of vscode.workspace.textDocuments) {
      this.consider(doc);
    }
  }

  // ---- settings -------------------------------------------------------------------------------

  private settings(scope?: vscode.Uri): ExtensionSettings {
    const problems: string[] = [];
    const settings = readSettings(vscode.workspace.getConfiguration(SECTION, scope), problems);
    for (const problem of problems) {
      this.log(problem);
    }
    return settings;
  }

  private serverConfig(scope?: vscode.Uri): ServerConfig {
    return toServerConfig(this.settings(scope));
  }

  private async configurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!event.affectsConfiguration(SECTION)) {
      return;
    }
    if (event.affectsConfiguration(`${SECTION}.server.path`)) {
      this.missingServer = false;
      if (this.client) {
        await this.restart();
        return;
      }
    }
    if (this.client) {
      // The server answers by asking for the `credsum` section (workspace/configuration), which the
      // middleware below answers with the server's keys; the settings go along for servers that don't ask.
      await this.client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: this.serverConfig() },
      });
    } else {
      for (const doc of vscode.workspace.textDocuments) {
        this.consider(doc);
      }
    }
  }

  // ---- the language client --------------------------------------------------------------------

  /**
   * Starts the server when `doc` is the first candidate document (JSON, .http, Markdown): the
   * server, not the extension, decides which candidates are request files.
   */
  private consider(doc: vscode.TextDocument): void {
    if (this.client || this.starting || this.missingServer) {
      return;
    }
    if (isCandidate(doc.uri.scheme, doc.languageId)) {
      this.log(`${vscode.workspace.asRelativePath(doc.uri)} may hold requests: starting the server`);
      void this.start();
    }
  }

  private start(): Promise<void> {
    if (!this.starting) {
      this.starting = this.doStart().finally(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  private resolveServer(): string | undefined {
    const settings = this.settings();
    const set = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('server.path');
    const setByUser = [set?.globalValue, set?.workspaceValue, set?.workspaceFolderValue].some(
      (value) => typeof value === 'string' && value.trim() !== '',
    );
    // out/extension.js: the extension's folder is one up.
    return locateServer(settings.serverPath, setByUser, path.resolve(__dirname, '..'), {
      PATH: process.env.PATH,
      PATHEXT: process.env.PATHEXT,
      platform: process.platform,
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      home: os.homedir(),
      isExecutable: (file) => {
        try {
          const stat = fs.statSync(file);
          if (!stat.isFile()) {
            return false;
          }
          if (process.platform !== 'win32') {
            fs.accessSync(file, fs.constants.X_OK);
          }
          return true;
        } catch {
          return false;
        }
      },
    });
  }

  private async doStart(): Promise<void> {
    const command = this.resolveServer();
    if (!command) {
      this.missingServer = true;
      this.reportMissingServer();
      return;
    }
    // No `transport`: with TransportKind.stdio the client would append `--stdio`, which
    // `credsum lsp` does not take; an executable without a transport talks over stdio anyway.
    const serverOptions: ServerOptions = {
      command,
      args: ['lsp'],
      options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const documentSelector = SERVED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]);
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      diagnosticCollectionName: 'credsum',
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: this.serverConfig(),
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) {
              return answers;
            }
            return params.items.map(
              (item, i) =>
                answerConfigurationItem(item.section, () =>
                  this.serverConfig(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined),
                ) ?? answers[i],
            );
          },
        },
      },
    };
    const client = new LanguageClient('credsum', 'credsum', serverOptions, clientOptions);
    this.log(`starting ${command} lsp`);
    try {
      await client.start();
      this.client = client;
    } catch (error) {
      this.log(`the server did not start: ${describe(error)}`);
      try {
        await client.dispose();
      } catch {
        // already down
      }
      const choice = await vscode.window.showErrorMessage(
        `credsum: the language server (${command} lsp) did not start: ${describe(error)}`,
        'Show Output',
        'Install Instructions',
      );
      if (choice === 'Show Output') {
        this.output.show(true);
      } else if (choice === 'Install Instructions') {
        void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
      }
    }
  }

  private reportMissingServer(): void {
    const path = this.settings().serverPath;
    this.log(`cannot find the credsum executable \`${path}\` (setting credsum.server.path; PATH=${process.env.PATH ?? ''})`);
    void vscode.window
      .showErrorMessage(
        `credsum: cannot find the \`${path}\` executable. Install credsum or set "credsum.server.path".`,
        'Install Instructions',
        'Open Settings',
      )
      .then((choice) => {
        if (choice === 'Install Instructions') {
          void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
        } else if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'credsum.server.path');
        }
      });
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop();
      } catch (error) {
        this.log(`stopping the server: ${describe(error)}`);
      }
      await client.dispose().catch(() => undefined);
    }
  }

  async restart(): Promise<void> {
    if (this.starting) {
      await this.starting;
    }
    await this.stopClient();
    this.missingServer = false;
    await this.start();
  }

  // ---- commands that run the CLI --------------------------------------------------------------

  /** Runs `credsum ARGS`; resolves with the exit code and output (a missing executable is reported). */
  private run(args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string } | undefined> {
    const command = this.resolveServer();
    if (!command) {
      this.reportMissingServer();
      return Promise.resolve(undefined);
    }
    this.log(`running ${command} ${args.join(' ')}${cwd ? ` in ${cwd}` : ''}`);
    return new Promise((resolve) => {
      execFile(command, args, { cwd, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (error && typeof error.code !== 'number') {
          this.log(`${command}: ${error.message}`);
        }
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  }

  private async exportSchema(): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((format) => ({ label: format.label, description: format.description, format })),
      { title: 'credsum: Export schema', placeHolder: 'Format to export' },
    );
    if (!pick) {
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'credsum: Export schema',
      defaultUri: folder ? vscode.Uri.joinPath(folder, pick.format.fileName) : undefined,
      filters: pick.format.yaml ? { YAML: ['yaml', 'yml'] } : { JSON: ['json'] },
      saveLabel: 'Export',
    });
    if (!target) {
      return;
    }
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage('credsum: Export schema can only write to local files.');
      return;
    }
    const result = await this.run(exportArgs(pick.format, target.fsPath), folder?.fsPath);
    if (!result) {
      return;
    }
    if (result.code !== 0) {
      this.log(result.stderr);
      void vscode.window.showErrorMessage(`credsum export failed: ${firstLine(result.stderr) || `exit ${result.code}`}`);
      return;
    }
    const choice = await vscode.window.showInformationMessage(
      `credsum: exported ${pick.format.label} to ${vscode.workspace.asRelativePath(target)}`,
      'Open',
    );
    if (choice === 'Open') {
      await vscode.window.showTextDocument(target);
    }
  }

  private async lintWorkspace(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showWarningMessage('credsum: open a folder to lint.');
      return;
    }
    this.lintDiagnostics.clear();
    const all: LintFile[] = [];
    const failed: string[] = [];
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'credsum: linting the workspace…' },
      async () => {
        for (const folder of folders) {
          if (folder.uri.scheme !== 'file') {
            continue;
          }
          const result = await this.run(['lint', '--format', 'json', '.'], folder.uri.fsPath);
          if (!result) {
            failed.push(folder.name);
            return;
          }
          if (lintFailed(result.code)) {
            this.log(result.stderr);
            failed.push(`${folder.name}: ${firstLine(result.stderr) || `exit ${result.code}`}`);
            continue;
          }
          try {
            const files = parseLintReport(result.stdout);
            this.showLintResults(folder, files);
            all.push(...files);
          } catch (error) {
            failed.push(`${folder.name}: ${describe(error)}`);
          }
        }
      },
    );
    const summary = summarize(all);
    this.log(`lint: ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.others} other(s) in ${summary.files} file(s)`);
    for (const line of formatLines(all)) {
      this.output.appendLine(`  ${line}`);
    }
    if (failed.length > 0) {
      void vscode.window.showErrorMessage(`credsum lint failed: ${failed.join('; ')}`, 'Show Output').then((c) => {
        if (c) {
          this.output.show(true);
        }
      });
      return;
    }
    const message =
      summary.errors + summary.warnings + summary.others === 0
        ? 'credsum lint: no problems in the request files.'
        : `credsum lint: ${summary.errors} error(s), ${summary.warnings} warning(s) in ${summary.files} file(s) (see Problems and the credsum output).`;
    const choice = await vscode.window.showInformationMessage(message, 'Show Problems');
    if (choice === 'Show Problems') {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
  }

  private showLintResults(folder: vscode.WorkspaceFolder, files: readonly LintFile[]): void {
    for (const file of files) {
      const uri = file.uri.startsWith('file:') ? vscode.Uri.parse(file.uri) : vscode.Uri.joinPath(folder.uri, file.path);
      // Open documents the running server checks already show their (live) diagnostics.
      const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
      if (open && this.client) {
        continue;
      }
      const diagnostics = file.diagnostics.map((d) => {
        const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
        const diagnostic = new vscode.Diagnostic(range, d.message, toSeverity(d.severity));
        diagnostic.source = 'credsum';
        diagnostic.code = d.href ? { value: d.code, target: vscode.Uri.parse(d.href) } : d.code;
        return diagnostic;
      });
      this.lintDiagnostics.set(uri, diagnostics);
    }
  }

  // ---- misc -----------------------------------------------------------------------------------

  log(message: string): void {
    this.output.appendLine(`[credsum] ${message}`);
  }

  async dispose(): Promise<void> {
    await this.stopClient();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

function toSeverity(severity: 1 | 2 | 3 | 4): vscode.DiagnosticSeverity {
  switch (severity) {
    case 1:
      return vscode.DiagnosticSeverity.Error;
    case 2:
      return vscode.DiagnosticSeverity.Warning;
    case 3:
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
}

let extension: CredsumExtension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // deactivate() stops the server and disposes everything.
  void context;
  extension = new CredsumExtension();
}

export async function deactivate(): Promise<void> {
  const e = extension;
  extension = undefined;
  await e?.dispose();
}
