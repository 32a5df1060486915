import {
  informationReminderDue,
  informationReminderKey,
  limitationReminderDue,
  limitationReminderKey,
} from './reminder-rules';

describe('limitationReminderDue', () => {
  it.each([
    [400, null],
    [181, null],
    [180, 180],
    [100, 180],
    [90, 90],
    [31, 90],
    [30, 30],
    [25, 30],
    [8, 30],
    [7, 7],
    [1, 7],
    [0, 7],
    [-1, null],
  ])('%i days before the deadline: %p', (days, due) => {
    expect(limitationReminderDue(days)).toBe(due);
  });
});

describe('informationReminderDue', () => {
  it.each([
    [60, null],
    [15, null],
    [14, '14'],
    [4, '14'],
    [3, '3'],
    [0, '3'],
    [-1, 'overdue'],
    [-30, 'overdue'],
  ])('%i days before the due date: %p', (days, due) => {
    expect(informationReminderDue(days)).toBe(due);
  });
});

it('keys name the reminder, its date and its stage, so each fires once', () => {
  expect(limitationReminderKey('p', '2026-12-25', 30)).toBe('limitation:p:2026-12-25:30');
  expect(informationReminderKey('t', 'overdue')).toBe('information_request:t:overdue');
});
