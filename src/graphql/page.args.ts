import { ArgsType, Field, Int } from "type-graphql";
import { badInput } from "../errors.js";
import type { Page } from "../resource/resource-store.js";

/** Root lists (`customers`, `payments`, …): default page and largest page. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/**
 * Navigation lists (`Customer.accounts`, `BillingAccount.payments|refunds|bills`, `Payment.refunds`):
 * default page and largest page. The default is small because navigation nests: the cost of a list
 * is its page times the pages around it, and `customers(limit: 50) { accounts { payments { refunds } } }`
 * at the default page is 50 × 5 × 5 × 5 refunds at most.
 */
export const NAVIGATION_DEFAULT_LIMIT = 5;
export const NAVIGATION_MAX_LIMIT = 100;

/**
 * `CustomerBill.appliedPayment`, the one list attribute that grows after its resource is written
 * (one entry per payment item paying the bill): paged like a navigation list, with a larger default
 * page because it is part of the bill's TMF representation (REST shows the default page).
 */
export const APPLIED_PAYMENT_DEFAULT_LIMIT = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 0, description: "Number of items to skip" })
  offset!: number;

  @Field(() => Int, { defaultValue: DEFAULT_LIMIT, description: `Maximum number of items to return (at most ${MAX_LIMIT})` })
  limit!: number;
}

/** `offset`/`limit` of a list inside a resource, with `defaultLimit` as the default page. */
function relationPageArgs(defaultLimit: number) {
  @ArgsType()
  class RelationPageArgs implements Page {
    @Field(() => Int, { defaultValue: 0, description: "Number of items to skip" })
    offset!: number;

    @Field(() => Int, { defaultValue: defaultLimit, description: `Maximum number of items to return (at most ${NAVIGATION_MAX_LIMIT})` })
    limit!: number;
  }
  return RelationPageArgs;
}

/** The page arguments of every navigation list. */
export const NavigationPageArgs = relationPageArgs(NAVIGATION_DEFAULT_LIMIT);
export const AppliedPaymentPageArgs = relationPageArgs(APPLIED_PAYMENT_DEFAULT_LIMIT);

export function checkPage({ offset, limit }: Page, max = MAX_LIMIT): Page {
  if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be a non-negative integer, got ${offset}`);
  if (!Number.isInteger(limit) || limit < 0 || limit > max) {
    throw badInput(`limit must be an integer between 0 and ${max}, got ${limit}`);
  }
  return { offset, limit };
}

/** A navigation page as given, or BAD_USER_INPUT (limit over NAVIGATION_MAX_LIMIT, negative values). */
export const checkNavigationPage = (page: Page): Page => checkPage(page, NAVIGATION_MAX_LIMIT);
