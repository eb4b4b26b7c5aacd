-- Posts a booking to an account's balance; the first booking fixes the account's currency. Raises
-- (SQLSTATE TMF01) instead of updating nothing when the account is booked in another currency, so a
-- transaction can queue its COMMIT behind this statement and still never commit a mismatch.
CREATE FUNCTION post_to_balance(account_id uuid, delta numeric, booking_unit text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE billing_account
     SET "balanceValue" = "balanceValue" + delta, currency = COALESCE(currency, booking_unit)
   WHERE id = account_id AND (currency IS NULL OR currency = booking_unit);
  IF NOT FOUND THEN
    RAISE EXCEPTION 'billing account % is not booked in %', account_id, booking_unit USING ERRCODE = 'TMF01';
  END IF;
END
$$;
