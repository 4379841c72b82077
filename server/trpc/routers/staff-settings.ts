// Admin settings: the merchant's identity and branding (editable), numbering and taxes (read-only).
import { getMerchantSettings, merchantSettingsInput, updateMerchantSettings } from '../../staff/merchant-settings';
import { numberingSettings, taxSettings } from '../../staff/settings-summary';
import { router, staffProcedure } from '../init';

export const staffSettingsRouter = router({
  merchant: staffProcedure('admin').query(({ ctx }) => getMerchantSettings(ctx.db)),
  // The input is parsed by the same flat schema the domain checks with, so every bad field comes
  // back at once (fieldErrors, one key per field) rather than one per attempt.
  updateMerchant: staffProcedure('admin')
    .input(merchantSettingsInput)
    .mutation(({ ctx, input }) => updateMerchantSettings(ctx.db, input, { type: 'staff', id: ctx.viewer.userId }, new Date())),
  numbering: staffProcedure('admin').query(({ ctx }) => numberingSettings(ctx.db, ctx.clock.now())),
  taxes: staffProcedure('admin').query(({ ctx }) => taxSettings(ctx.db)),
});
