// The sandbox processor beside the web server, for the demo and the end-to-end tests: started as
// a process of its own (it is "another company"), and Settle's Stripe gateway pointed at it with
// the same keys — SANDBOX_SECRET_KEY and SANDBOX_WEBHOOK_SECRET when set, its defaults otherwise.
import { spawn, type ChildProcess } from 'node:child_process';

export const sandboxDefaults = {
  port: '12111',
  secretKey: 'sk_test_sandbox_settle_demo_key',
  webhookSecret: 'whsec_sandbox_settle_demo_secret',
  publishableKey: 'pk_test_sandbox_settle_demo_key',
};

/** Whether `settle start` should run the sandbox: asked for, and no real Stripe account configured. */
export const wantsSandbox = (env: NodeJS.ProcessEnv) => env.SETTLE_SANDBOX === '1' && !env.STRIPE_SECRET_KEY && !env.SETTLE_GATEWAYS;

/**
 * Starts the sandbox, waits until it answers, and returns the variables that point Settle's
 * gateway at it. Webhooks go to `publicUrl`/api/webhooks/stripe.
 */
export async function startSandboxProcess(env: NodeJS.ProcessEnv, publicUrl: string): Promise<{ child: ChildProcess; gatewayEnv: Record<string, string> }> {
  const port = env.SANDBOX_PORT || sandboxDefaults.port;
  const secretKey = env.SANDBOX_SECRET_KEY || sandboxDefaults.secretKey;
  const webhookSecret = env.SANDBOX_WEBHOOK_SECRET || sandboxDefaults.webhookSecret;
  const publishableKey = env.SANDBOX_PUBLISHABLE_KEY || sandboxDefaults.publishableKey;
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...env,
      SANDBOX_PORT: port,
      SANDBOX_SECRET_KEY: secretKey,
      SANDBOX_WEBHOOK_SECRET: webhookSecret,
      SANDBOX_PUBLISHABLE_KEY: publishableKey,
      SANDBOX_WEBHOOK_URL: `${publicUrl}/api/webhooks/stripe`,
    },
  });
  const apiBase = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sandbox processor stopped at start (exit ${child.exitCode}); is port ${port} free? Set SANDBOX_PORT to use another.`);
    const answered = await fetch(`${apiBase}/v1/events?limit=1`, { headers: { authorization: `Bearer ${secretKey}` } }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the sandbox processor did not answer on ${apiBase} within 15 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    gatewayEnv: { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_PUBLISHABLE_KEY: publishableKey, STRIPE_API_BASE: apiBase },
  };
}
