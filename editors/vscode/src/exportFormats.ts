// The formats of `credsum export` offered by "credsum: Export schema…".
// Pure: no `vscode` import, so `node --test` can run it.

export interface ExportFormat {
  /** Shown in the quick pick. */
  label: string;
  description: string;
  /** The value of `--format`. */
  format:
    | 'json-schema'
    | 'json-schema-draft-07'
    | 'json-patch-schema'
    | 'json-patch-schema-draft-07'
    | 'openapi-3.0'
    | 'openapi-3.1';
  yaml: boolean;
  /** The default file name offered in the save dialog. */
  fileName: string;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    label: 'JSON Schema (2020-12)',
    description: 'json-schema',
    format: 'json-schema',
    yaml: false,
    fileName: 'credentialUserRegistrationsSummary.schema.json',
  },
  {
    label: 'JSON Schema (draft-07)',
    description: 'json-schema-draft-07',
    format: 'json-schema-draft-07',
    yaml: false,
    fileName: 'credentialUserRegistrationsSummary.draft-07.schema.json',
  },
  {
    label: 'JSON Patch document schema (2020-12)',
    description: 'json-patch-schema',
    format: 'json-patch-schema',
    yaml: false,
    fileName: 'credentialUserRegistrationsSummary.json-patch.schema.json',
  },
  {
    label: 'JSON Patch document schema (draft-07)',
    description: 'json-patch-schema-draft-07',
    format: 'json-patch-schema-draft-07',
    yaml: false,
    fileName: 'credentialUserRegistrationsSummary.json-patch.draft-07.schema.json',
  },
  { label: 'OpenAPI 3.0 (JSON)', description: 'openapi-3.0', format: 'openapi-3.0', yaml: false, fileName: 'openapi-3.0.json' },
  { label: 'OpenAPI 3.0 (YAML)', description: 'openapi-3.0 --yaml', format: 'openapi-3.0', yaml: true, fileName: 'openapi-3.0.yaml' },
  { label: 'OpenAPI 3.1 (JSON)', description: 'openapi-3.1', format: 'openapi-3.1', yaml: false, fileName: 'openapi-3.1.json' },
  { label: 'OpenAPI 3.1 (YAML)', description: 'openapi-3.1 --yaml', format: 'openapi-3.1', yaml: true, fileName: 'openapi-3.1.yaml' },
];

/** The arguments of `credsum` that write `format` to `output`. */
export function exportArgs(format: ExportFormat, output: string): string[] {
  const args = ['export', '--format', format.format];
  if (format.yaml) {
    args.push('--yaml');
  }
  args.push('--output', output);
  return args;
}
