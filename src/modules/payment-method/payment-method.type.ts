import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { Decimal } from "../../db/decimal.js";
import { mandatoryDoc, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { DateTimeScalar, DecimalScalar } from "../../tmf/scalars.js";
import { PaymentMethodCommon } from "./payment-method-common.type.js";

/** `PaymentMethod.schema.json`'s required list of TMF670's CTK, but `@type` (its contract requires it: see the description). */
export const PAYMENT_METHOD_MANDATORY = ["name"] as const;

const DOC =
  "A means of payment (TMF670): its @type (BankCard, TokenizedCard, BankAccountDebit, BankAccountTransfer, DirectDebit, DigitalWallet, Voucher, Check, Cash…) " +
  "selects the attributes it holds. A card is kept as brand, last four digits, expiry and a token: its full number and security code are never accepted";

@ObjectAndInputType("Quantity", "An amount in a given unit")
export class Quantity {
  @Field(() => DecimalScalar, { nullable: true, description: "Numeric value in a given unit" }) amount?: Decimal | null;
  @Field(() => String, { nullable: true, description: "Unit" }) units?: string | null;
}

@InputType("PaymentMethodInput", { description: `${DOC} (${mandatoryDoc(["@type", ...PAYMENT_METHOD_MANDATORY])}, and what its @type's schema requires)` })
@ObjectType({ simpleResolvers: true, description: DOC })
export class PaymentMethodAttributes extends PaymentMethodCommon {
  // BankCard, TokenizedCard
  @Field(() => String, {
    nullable: true,
    description: "BankCard, TokenizedCard: the card number masked to its last four digits (e.g. **** **** **** 4242); a full card number is refused",
  })
  cardNumber?: string | null;
  @Field(() => String, { nullable: true, description: "BankCard, TokenizedCard: the card's brand (e.g. Visa)" }) brand?: string | null;
  @Field(() => String, { nullable: true, description: "BankCard, TokenizedCard: the last four digits of the card number" })
  lastFourDigits?: string | null;
  @Field(() => String, { nullable: true, description: "BankCard: the name printed on the card" }) nameOnCard?: string | null;
  @Field(() => String, { nullable: true, description: "BankCard, TokenizedCard: the token that stands for the card at the payment service provider" })
  token?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "BankCard, TokenizedCard, Voucher: when it expires (no payment names it after)" })
  expirationDate?: string | null;
  // BankAccountDebit, BankAccountTransfer, DirectDebit, Check
  @Field(() => String, { nullable: true, description: "BankAccountDebit, BankAccountTransfer, DirectDebit: the bank account number (e.g. an IBAN)" })
  accountNumber?: string | null;
  @Field(() => String, { nullable: true, description: "BankAccountDebit, BankAccountTransfer, DirectDebit: the owner of the bank account" })
  owner?: string | null;
  @Field(() => String, { nullable: true, description: "BankAccountDebit, BankAccountTransfer, DirectDebit, Check: the bank" }) bank?: string | null;
  @Field(() => String, { nullable: true, description: "DirectDebit: the mandate's identifier" }) mandateId?: string | null;
  @Field(() => String, { nullable: true, description: "DirectDebit: the mandate's type (e.g. single, recurrent)" }) mandateType?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "DirectDebit: the first debit's date" }) firstDebitDate?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "DirectDebit: the last debit's date" }) lastDebitDate?: string | null;
  @Field(() => String, { nullable: true, description: "Check: the check's identifier" }) checkId?: string | null;
  @Field(() => String, { nullable: true, description: "Check: who draws the check" }) drawer?: string | null;
  @Field(() => String, { nullable: true, description: "Check: who the check pays" }) payee?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Check: when the check was signed" }) signedDate?: string | null;
  // DigitalWallet
  @Field(() => String, { nullable: true, description: "DigitalWallet: the wallet's service (e.g. PayPal)" }) service?: string | null;
  @Field(() => String, { nullable: true, description: "DigitalWallet: the wallet's identifier at its service" }) walletId?: string | null;
  @Field(() => String, { nullable: true, description: "DigitalWallet: the wallet's URL" }) walletUrl?: string | null;
  // Voucher
  @Field(() => String, { nullable: true, description: "Voucher: its code" }) code?: string | null;
  @Field(() => Quantity, { nullable: true, description: "Voucher: what it is worth" }) value?: Quantity | null;
}

@ObjectType("PaymentMethod", { simpleResolvers: true, description: DOC })
export class PaymentMethod extends PaymentMethodAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
}
