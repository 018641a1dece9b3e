// A PATCH body typed with the openapi-typescript output of schema/openapi-3.1.json
// and of openapi-3.0.json
// (each generated into typescript/graph.d.ts by .ci/export.sh). `tsc --strict` must accept the valid
// body and reject each line under `@ts-expect-error` (tsc fails if such a line compiles).
import type { components } from './graph';

type SummaryPatch =
  components['schemas']['microsoft.graph.managedTenants.credentialUserRegistrationsSummary.patchBody'];

export const valid: SummaryPatch = {
  '@odata.type': '#microsoft.graph.managedTenants.credentialUserRegistrationsSummary',
  '@odata.etag': 'W/"1"',
  tenantDisplayName: null, // null clears the property
  totalUserCount: 1250,
  securityDefaultsEnabled: true,
  lastRefreshedDateTime: '2021-07-11T11:15:52.9375367Z',
};

export const stringForInt32: SummaryPatch = {
  // @ts-expect-error a string is not an Int32
  totalUserCount: '1250',
};

export const typo: SummaryPatch = {
  // @ts-expect-error a misspelt property is not part of the closed body
  tenantDisplayNme: 'Contoso',
};

export const undeclaredAnnotation: SummaryPatch = {
  // @ts-expect-error only the declared annotations are properties
  '@odata.nextLink': 'https://graph.microsoft.com/beta/next',
};

export const wrongODataType: SummaryPatch = {
  // @ts-expect-error @odata.type must name this type
  '@odata.type': '#microsoft.graph.user',
};

// @ts-expect-error with exactOptionalPropertyTypes, undefined is not "left out"
export const undefinedIsNotAbsent: SummaryPatch = {
  tenantId: undefined,
};
