import { freshness } from '../../lambda/alerts/alert-summary';
import { REPORT } from './fixtures';

/** The "Data:" line claims only what the run established about how fresh its data is. */
describe('freshness', () => {
  test('a report this audit started: current, and no gap claimed', () => {
    const text = freshness({ ...REPORT, reportGeneratedForThisAudit: true });

    expect(text).toBe(
      'IAM credential report generated for this audit 2026-05-20 04:12 UTC; every user listed here was ' +
        'confirmed live at 2026-05-20 06:00 UTC.',
    );
  });

  test('a report IAM reused: its age, the live refresh, and the one gap that remains', () => {
    const text = freshness({ ...REPORT, reportGeneratedForThisAudit: false });

    expect(text).toContain('(1.8 h old) and reused by IAM; its MFA column was refreshed live');
    expect(text).toContain('A console password created after the report');
    // MFA removed since a reused report is caught by the refresh: never claimed as a gap.
    expect(text).not.toContain('MFA removed');
  });

  test('no report: every user read live', () => {
    expect(freshness({ ...REPORT, reportGeneratedAt: null, reportAgeSeconds: null })).toMatch(
      /^checked live at 2026-05-20 06:00 UTC \(no credential report: every user read directly from IAM\)$/,
    );
  });
});
