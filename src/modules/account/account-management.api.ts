import type { TmfApi } from "../../resource/description.js";

/** TMF666 Account Management v4. */
export const accountManagement: TmfApi = {
  basePath: "/tmf-api/accountManagement/v4",
  contract: "TMF666-Account-v4.0.0.swagger.json",
  scope: "account",
};

/**
 * TMF666 v5.0.0, over the same accounts. Its OAS names no server path: this is v4's with v5, as TM
 * Forum's components use it; its hub is named apart from v4's (apiOf: accountManagementV5).
 */
export const accountManagementV5: TmfApi = {
  basePath: "/tmf-api/accountManagement/v5",
  contract: "TMF666-Account_Management-v5.0.0.oas.yaml",
  scope: "account",
};
