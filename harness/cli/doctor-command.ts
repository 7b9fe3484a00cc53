import { type Command, Option } from 'commander';
import { DOCTOR_PROVIDERS, diagnose, renderDoctor, type DoctorProvider } from './doctor.js';

/** `drill doctor [--provider P]`: which system programs each provider needs, found or missing. */
export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'say which system programs each provider needs (PostgreSQL, Redis, HAProxy, Chromium, Docker), which are missing, and the command that installs them; exit 0 when the chosen provider (default local) has all it needs, 1 otherwise',
    )
    .addOption(
      new Option('--provider <name>', 'check this provider only (default: show all, judge local)').choices(
        Object.keys(DOCTOR_PROVIDERS),
      ),
    )
    .action(async (o: { provider?: DoctorProvider }) => {
      const providers = o.provider ? [o.provider] : (Object.keys(DOCTOR_PROVIDERS) as DoctorProvider[]);
      const reports = await diagnose(providers);
      process.stdout.write(renderDoctor(reports));
      const judged = reports.find((r) => r.provider === (o.provider ?? 'local'))!;
      process.exitCode = judged.ok ? 0 : 1;
    });
}
