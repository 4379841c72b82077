-- A price never changes once created: it may only be archived (active true → false) and replaced,
-- so every invoice line keeps pointing at the exact terms it was billed on.
CREATE OR REPLACE FUNCTION settle_refuse_price_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'prices cannot be deleted; archive them instead' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - 'active') IS DISTINCT FROM (to_jsonb(OLD) - 'active') OR (OLD.active = false AND NEW.active = true) THEN
    RAISE EXCEPTION 'prices are immutable; archive this one and create another' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER prices_immutable BEFORE UPDATE OR DELETE ON prices
FOR EACH ROW EXECUTE FUNCTION settle_refuse_price_change();
