// Script text shared by the kits' requests: the checks of a test script (written against the `ctk`
// helpers of ./preludes/test-helpers.js) and the request bodies of the setup steps (JavaScript object
// literals run by the `setup` helpers of ./preludes/setup-helpers.js).
import { J } from "./postman.mjs";

/** A single-resource response: status `code`, the instance checks `spec`, optional `values`, then `extra`. */
export const single = (code, spec, values, extra = "") => `
ctk.status(${code});
const instance = ctk.object();
if (instance) {
  ctk.checkInstance(instance, ${J(spec)});
${values ? `  ctk.checkValues(instance, ${J(values)});\n` : ""}${extra}}
`;

const everyInstance = ({ mandatory = [], has = [], includes = [] }) => ({
  mandatory,
  has: has.filter((a) => mandatory.includes(a)),
  includes: includes.filter((a) => mandatory.includes(a)),
});

/**
 * A list response: per-instance checks `spec`, `values` on the instance whose id is in `idVar`, then
 * `extra`. Instances the kit did not create (a server is not empty) are held to what every instance
 * has — the mandatory attributes — not to the optional ones the kit's own instance was given.
 */
export const list = (spec, idVar, values, extra = "") => `
ctk.status(200);
const instances = ctk.list();
instances.forEach((instance) => ctk.checkInstance(instance, instance.id === pm.variables.get(${J(idVar)}) ? ${J(spec)} : ${J(everyInstance(spec))}));
${values ? `ctk.checkValues(ctk.find(instances, ${J(idVar)}), ${J(values)}, 'instance with id ' + pm.variables.get(${J(idVar)}) + ' in the list');\n` : ""}${extra}`;

/**
 * After a create: keeps the created instance's id and href in collection variables; `checkHref` adds
 * the assertion that href is the absolute URL of the resource.
 */
export const rememberCreated = (idVar, hrefVar, { checkHref = false } = {}) => `
if (instance && instance.id !== undefined) {
  pm.collectionVariables.set('${idVar}', instance.id);
  pm.collectionVariables.set('${hrefVar}', instance.href);
${checkHref ? `  pm.test('href is ' + ctk.resolve({hrefOf: '${idVar}'}), () => { pm.expect(instance.href).to.equal(ctk.resolve({hrefOf: '${idVar}'})); });\n` : ""}}
`;

/** An error response: status `code` and a TMF Error body (only in extended mode when `bodyOnlyExtended`). */
export const error = (code, { bodyOnlyExtended = false } = {}) =>
  `\nctk.status(${code});\n${bodyOnlyExtended ? "if (ctk.extended) " : ""}ctk.checkError(${code});\n`;

// Setup request bodies; the arguments are JavaScript expressions of the setup script.
export const customerBody = (nameExpr) =>
  `{ name: ${nameExpr}, engagedParty: { id: 'org-' + setup.guid(), name: ${nameExpr}, '@referredType': 'Organization' }, '@type': 'Customer' }`;
/** A billing account of the customer; `creditLimitExpr` is its credit limit (default 500 usd). */
export const accountBody = (nameExpr, customerExpr, customerNameExpr, creditLimitExpr = "{ unit: 'usd', value: 500 }") => `{
    name: ${nameExpr}, accountType: 'postpaid',
    relatedParty: [{ id: ${customerExpr}, name: ${customerNameExpr}, role: 'customer', '@referredType': 'Customer' }],
    creditLimit: ${creditLimitExpr}, '@type': 'BillingAccount'
  }`;
export const paymentBody = (accountExpr, valueExpr) => `{
    account: { id: ${accountExpr}, '@referredType': 'BillingAccount' },
    paymentMethod: { id: 'pm-1', name: 'Visa ending 4242', '@type': 'PaymentMethodRef', '@referredType': 'BankCard' },
    totalAmount: { unit: 'usd', value: ${valueExpr} }, '@type': 'Payment'
  }`;
