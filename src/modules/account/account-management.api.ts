import type { TmfApi } from "../../resource/description.js";

/** TMF666 Account Management v4. */
export const accountManagement: TmfApi = {
  basePath: "/tmf-api/accountManagement/v4",
  contract: "TMF666-Account-v4.0.0.swagger.json",
  scope: "account",
};
