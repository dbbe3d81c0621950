import { useTranslation } from 'react-i18next';
import type { Person } from '../sync/presence';

interface Props {
  people: readonly Person[];
  following: number | null;
  onJump: (person: Person) => void;
  onFollow: (person: Person | null) => void;
  /** Offered to people who may edit: ask everyone to follow them. */
  onSummon?: () => void;
}

/** "Anna (Nova College)" → "AN"; words only, whatever the script. */
export function initials(name: string): string {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  return ((words[0]?.[0] ?? '?') + (words.length > 1 ? (words.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

/** Who is here: a click jumps to where they are looking; follow keeps doing it. */
export function PeopleBar({ people, following, onJump, onFollow, onSummon }: Props) {
  const { t } = useTranslation();
  return (
    <div className="people-bar" aria-label={t('presence.here', { count: people.length })} data-testid="people-bar">
      {people.map((person) => (
        <span key={person.clientId} className={`avatar-wrap${following === person.clientId ? ' is-following' : ''}`}>
          <button
            type="button"
            className="avatar"
            style={{ background: person.user.color }}
            title={[
              person.me ? t('presence.you', { name: person.user.name }) : person.user.name,
              person.user.institution,
              person.lens ? t(`lens.${person.lens}`) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
            onClick={() => !person.me && onJump(person)}
            data-testid="avatar"
            data-name={person.user.name}
          >
            {initials(person.user.name)}
          </button>
          {!person.me && (
            <button
              type="button"
              className="avatar-follow"
              aria-pressed={following === person.clientId}
              onClick={() => onFollow(following === person.clientId ? null : person)}
              title={following === person.clientId ? t('presence.stopFollowing') : t('presence.follow', { name: person.user.name })}
              data-testid="follow"
            >
              {following === person.clientId ? '◉' : '◎'}
            </button>
          )}
        </span>
      ))}
      {onSummon && people.length > 1 && (
        <button type="button" className="summon" onClick={onSummon} data-testid="summon" title={t('presence.summonHint')}>
          {t('presence.summon')}
        </button>
      )}
    </div>
  );
}
