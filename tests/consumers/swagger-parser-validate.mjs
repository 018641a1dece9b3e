// Validates each OpenAPI document named on the command line with @apidevtools/swagger-parser
// (schema and semantic checks, $refs resolved); exits 1 on the first invalid one.
import SwaggerParser from '@apidevtools/swagger-parser';

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    await SwaggerParser.validate(file);
    console.log(`${file}: valid`);
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
