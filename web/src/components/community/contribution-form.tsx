import type * as maplibregl from 'maplibre-gl';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CommunityCategory } from '@placeboard/board';
import { CommunityApiError, sendContribution, type CommunityBoardView } from './community-api';
import { categoryColour } from './community-style';
import { findPersonalData, hasPersonalData, type PersonalDataFound } from './personal-data';

interface ContributionFormProps {
  token: string;
  view: CommunityBoardView;
  pin: [number, number] | null;
  onPin: (point: [number, number] | null) => void;
  /** The map, once it exists: "Use the map centre" reads its centre. */
  map: maplibregl.Map | null;
  /** The link stopped working while the page was open. */
  onExpired: (message: string) => void;
}

type Field = 'point' | 'category' | 'text';
type Errors = Partial<Record<Field, string>>;

/** How long typing must pause before screen readers hear the characters left (as GOV.UK's character count does). */
const COUNT_ANNOUNCE_DELAY_MS = 1000;

/**
 * "Add local knowledge": a place (tap the map, or use its centre), a category and up to 1,000 characters. No name or
 * contact fields, and a warning before sending text that looks like a phone number or an email address. Errors are
 * listed in a summary that takes focus and links to each field (the GOV.UK pattern).
 */
export function ContributionForm({ token, view, pin, onPin, map, onExpired }: ContributionFormProps) {
  const id = useId();
  const [category, setCategory] = useState<CommunityCategory | ''>('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [warning, setWarning] = useState<PersonalDataFound | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [spokenCount, setSpokenCount] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  const warningRef = useRef<HTMLHeadingElement>(null);
  const thanksRef = useRef<HTMLHeadingElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const problemRef = useRef<HTMLParagraphElement>(null);
  const max = view.maxTextLength;
  const left = max - text.length;
  const countMessage = left >= 0 ? `You have ${left.toLocaleString('en-GB')} ${left === 1 ? 'character' : 'characters'} remaining` : `You have ${(-left).toLocaleString('en-GB')} ${left === -1 ? 'character' : 'characters'} too many`;
  const errorList = (['point', 'category', 'text'] as const).flatMap((field) => (errors[field] ? [{ field, message: errors[field] }] : []));

  // Screen readers hear the count once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setSpokenCount(text.length > 0 ? countMessage : ''), COUNT_ANNOUNCE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, countMessage]);

  // Each refused submit moves focus to the summary (fixing one field later does not).
  const [refusedSubmits, setRefusedSubmits] = useState(0);
  useEffect(() => {
    if (refusedSubmits > 0) summaryRef.current?.focus();
  }, [refusedSubmits]);
  useEffect(() => {
    if (warning) warningRef.current?.focus();
  }, [warning]);
  // Sent, the thanks take the keyboard; "Add something else" gives it to the form's first step.
  const startedAgain = useRef(false);
  const firstStepRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (sent) thanksRef.current?.focus();
    else if (startedAgain.current) {
      startedAgain.current = false;
      firstStepRef.current?.focus();
    }
  }, [sent]);
  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  const fieldId = (field: Field): string => (field === 'point' ? `${id}-centre` : field === 'category' ? `${id}-category-0` : `${id}-text`);

  const validate = (): Errors => {
    const found: Errors = {};
    if (!pin) found.point = 'Choose where it is: tap the map, or use the map centre';
    if (!category) found.category = 'Choose what kind of local knowledge it is';
    if (text.trim() === '') found.text = 'Write what you know about this place';
    else if (text.length > max) found.text = `Your text must be ${max.toLocaleString('en-GB')} characters or fewer: ${countMessage.replace('You have ', 'it has ')}`;
    return found;
  };

  const send = async (): Promise<void> => {
    if (!pin || !category) return;
    setWarning(null);
    setSending(true);
    setProblem(null);
    try {
      await sendContribution(token, { point: pin, category, text: text.trim() });
      setSent(true);
      setCategory('');
      setText('');
      onPin(null);
    } catch (error) {
      if (error instanceof CommunityApiError && error.kind === 'expired') onExpired(error.message);
      else setProblem(error instanceof CommunityApiError ? error.message : 'Something went wrong. Please try again. What you wrote is still here.');
    } finally {
      setSending(false);
    }
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setRefusedSubmits((n) => n + 1);
      return;
    }
    const personal = findPersonalData(text);
    if (hasPersonalData(personal)) {
      setWarning(personal);
      return;
    }
    void send();
  };

  const editText = (): void => {
    const first = warning?.phones[0] ?? warning?.emails[0];
    setWarning(null);
    const textarea = textRef.current;
    if (!textarea) return;
    textarea.focus();
    // Select what looked personal, so it is quick to remove.
    const at = first ? text.indexOf(first) : -1;
    if (first && at >= 0) textarea.setSelectionRange(at, at + first.length);
  };

  const useCentre = (): void => {
    if (!map) return;
    const centre = map.getCenter();
    onPin([Math.round(centre.lng * 1e6) / 1e6, Math.round(centre.lat * 1e6) / 1e6]);
    setErrors((old) => ({ ...old, point: undefined }));
  };

  if (sent) {
    return (
      <div className="community-thanks" data-testid="community-thanks">
        <h3 ref={thanksRef} tabIndex={-1}>
          Thank you — a moderator will check it before it appears.
        </h3>
        <p>It usually takes a few days. It will then show on the map and in the list on this page, without your name.</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            startedAgain.current = true;
            setSent(false);
          }}
          data-testid="community-add-another"
        >
          Add something else
        </button>
      </div>
    );
  }

  return (
    <form className="community-form" onSubmit={onSubmit} noValidate data-testid="community-form">
      {errorList.length > 0 && (
        <div className="error-summary" ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby={`${id}-summary`} data-testid="community-errors">
          <h3 id={`${id}-summary`}>There is a problem</h3>
          <ul>
            {errorList.map(({ field, message }) => (
              <li key={field}>
                <a
                  href={`#${fieldId(field)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(fieldId(field))?.focus();
                  }}
                >
                  {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className={`community-form__step${errors.point ? ' field--error' : ''}`}>
        <h3 ref={firstStepRef} tabIndex={-1} data-testid="community-step-where">
          1. Where is it?
        </h3>
        <p className="hint" id={`${id}-point-hint`}>
          Tap the map where it is. Or move the map until the place is under the cross in the middle (drag it, or select
          the map and use the arrow keys), then use the map centre.
        </p>
        {errors.point && (
          <p className="field__error" id={`${id}-point-error`}>
            <span className="visually-hidden">Error:</span> {errors.point}
          </p>
        )}
        <button
          type="button"
          id={`${id}-centre`}
          className="button button--secondary"
          onClick={useCentre}
          disabled={!map}
          aria-describedby={`${id}-point-hint${errors.point ? ` ${id}-point-error` : ''}`}
          data-testid="community-use-centre"
        >
          Use the map centre
        </button>
        <p className="community-form__pin" role="status" data-testid="community-pin-status">
          {pin ? 'Your pin is on the map. Tap the map or use the map centre again to move it.' : 'No place chosen yet.'}
        </p>
      </div>

      <fieldset className={`community-form__step${errors.category ? ' field--error' : ''}`} aria-describedby={errors.category ? `${id}-category-error` : undefined}>
        <legend>
          <h3>2. What kind of local knowledge is it?</h3>
        </legend>
        {errors.category && (
          <p className="field__error" id={`${id}-category-error`}>
            <span className="visually-hidden">Error:</span> {errors.category}
          </p>
        )}
        {view.categories.map((option, index) => (
          <div className="radio community-form__radio" key={option.id}>
            <input
              id={`${id}-category-${index}`}
              type="radio"
              name="category"
              value={option.id}
              checked={category === option.id}
              aria-describedby={`${id}-category-${index}-hint`}
              onChange={() => {
                setCategory(option.id);
                setErrors((old) => ({ ...old, category: undefined }));
              }}
              data-testid={`community-category-${option.id}`}
            />
            <div>
              <label htmlFor={`${id}-category-${index}`}>
                <span className="community-form__swatch" style={{ backgroundColor: categoryColour(option.id) }} aria-hidden="true" />
                {option.label}
              </label>
              <p className="community-form__radio-hint hint" id={`${id}-category-${index}-hint`}>
                {option.hint}
              </p>
            </div>
          </div>
        ))}
      </fieldset>

      <div className={`community-form__step field${errors.text ? ' field--error' : ''}`}>
        <h3>
          <label htmlFor={`${id}-text`}>3. What do you know about it?</label>
        </h3>
        <p className="hint" id={`${id}-text-hint`}>
          Don't include names, phone numbers or email addresses. You can write up to {max.toLocaleString('en-GB')} characters.
        </p>
        {errors.text && (
          <p className="field__error" id={`${id}-text-error`}>
            <span className="visually-hidden">Error:</span> {errors.text}
          </p>
        )}
        <textarea
          ref={textRef}
          id={`${id}-text`}
          name="text"
          rows={6}
          value={text}
          autoComplete="off"
          spellCheck
          aria-invalid={errors.text || left < 0 ? true : undefined}
          aria-describedby={`${id}-text-hint${errors.text ? ` ${id}-text-error` : ''}`}
          onChange={(event) => {
            setText(event.target.value);
            setWarning(null);
            if (errors.text) setErrors((old) => ({ ...old, text: undefined }));
          }}
          data-testid="community-text"
        />
        <p className={left < 0 ? 'community-form__count field__error' : 'community-form__count hint'} aria-hidden="true" data-testid="community-count">
          {countMessage}
        </p>
        <p className="visually-hidden" aria-live="polite">
          {spokenCount}
        </p>
      </div>

      {warning && (
        <div className="community-warning" role="group" aria-labelledby={`${id}-warning`} data-testid="personal-data-warning">
          <h3 id={`${id}-warning`} ref={warningRef} tabIndex={-1}>
            Check before you send
          </h3>
          <p>
            Your text seems to include {describe(warning)}. Once a moderator publishes it, anyone with this page's link can
            read it, so please leave out anyone's contact details.
          </p>
          <div className="button-row">
            <button type="button" className="button" onClick={editText} data-testid="community-edit-text">
              Edit text
            </button>
            <button type="button" className="button button--secondary" onClick={() => void send()} disabled={sending} data-testid="community-send-anyway">
              Send anyway
            </button>
          </div>
        </div>
      )}

      {problem && (
        <p className="community-problem error-message" ref={problemRef} tabIndex={-1} role="alert" data-testid="community-problem">
          {problem}
        </p>
      )}

      {!warning && (
        <button type="submit" className="button community-form__send" disabled={sending} data-testid="community-send">
          {sending ? 'Sending…' : 'Send'}
        </button>
      )}
    </form>
  );
}

/** "a phone number (07700 900123) and an email address (jo@example.org)". */
function describe(found: PersonalDataFound): string {
  const parts: string[] = [];
  if (found.phones.length > 0) parts.push(`${found.phones.length === 1 ? 'a phone number' : 'phone numbers'} (${found.phones.join(', ')})`);
  if (found.emails.length > 0) parts.push(`${found.emails.length === 1 ? 'an email address' : 'email addresses'} (${found.emails.join(', ')})`);
  return parts.join(' and ');
}
