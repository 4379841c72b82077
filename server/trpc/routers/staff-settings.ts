// Admin settings: the merchant's identity and branding, invoice numbering and taxes.
import { z } from 'zod';
import { updateNumbering, updateTaxes } from '../../staff/billing-settings';
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
  // Shapes only here: the domain checks the values and names the bad field (`taxRates.1.percent`).
  updateNumbering: staffProcedure('admin')
    .input(z.object({ invoicePrefix: z.string().max(50), creditNotePrefix: z.string().max(50), reason: z.string().max(500).nullish() }))
    .mutation(({ ctx, input }) => updateNumbering(ctx.db, input, { type: 'staff', id: ctx.viewer.userId }, new Date())),
  updateTaxes: staffProcedure('admin')
    .input(
      z.object({
        taxRegistrations: z.array(z.string().max(20)).max(200),
        taxRates: z.array(z.object({ jurisdiction: z.string().max(20), label: z.string().max(100), percent: z.string().max(20) })).max(200),
        reason: z.string().max(500).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => updateTaxes(ctx.db, input, { type: 'staff', id: ctx.viewer.userId }, new Date())),
});
