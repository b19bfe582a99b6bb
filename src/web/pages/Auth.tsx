/** The front page, sign-in and a worker's registration. */
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { CodeField, codeProblem, PHONE_RE } from '../components/PhoneCode';
import { ErrorBox, Notice, PageTitle, TextField, useFormSend } from '../components/ui';
import { Link, navigate } from '../router';
import { homeFor, useSession } from '../session';
import type { User } from '../types';

/** Only addresses of the pages themselves are followed after signing in. */
export function safeNext(next: string | null): string | null {
  return next && /^\/(app(\/|$)|i\/)/.test(next) && !next.startsWith('//') ? next : null;
}

export function Home() {
  return (
    <div class="home">
      <section class="hero">
        <h1>劳动争议，先调解</h1>
        <p>
          被拖欠工资、被辞退没有补偿、社保没交？在手机上提交调解申请，<strong>不见面、零跑腿</strong>。
          调解、仲裁、法院确认，每一步进展和每一个重要日期都在这里看得到。
        </p>
        <div class="hero-actions">
          <Link class="btn primary big" href="/app/register">
            注册并申请调解
          </Link>
          <Link class="btn big" href="/app/login">
            已有账号，登录
          </Link>
        </div>
        <p class="hint">在调解中心门口扫二维码，会直接打开该中心的申请表。</p>
      </section>
      <section class="steps-intro">
        <h2>申请以后会怎样</h2>
        <ol class="steps">
          <li>
            <strong>提交申请</strong>
            <span>写清楚单位名称、发生了什么、你要求什么。</span>
          </li>
          <li>
            <strong>调解组织受理</strong>
            <span>调解员联系你和单位，约时间调解，一般15天内结束。</span>
          </li>
          <li>
            <strong>达成协议</strong>
            <span>可以请法院做司法确认，单位不履行可以申请强制执行。</span>
          </li>
          <li>
            <strong>调解不成</strong>
            <span>可以申请劳动仲裁，系统会提醒你申请仲裁的最后一日。</span>
          </li>
        </ol>
      </section>
      <p class="staff-link">
        工作人员（调解员、仲裁员、法院、主管、管理员）请 <Link href="/app/login">登录</Link>。
      </p>
    </div>
  );
}

export function Login(props: { next: string | null; mode?: string | null }) {
  const next = safeNext(props.next);
  // By code when asked, or when coming back to a link the SMS brought: parties sign in by phone code.
  const [mode, setMode] = useState<'password' | 'code'>(props.mode === 'code' || next?.startsWith('/app/served/') ? 'code' : 'password');
  return (
    <div class="narrow">
      <PageTitle sub={next?.startsWith('/i/') ? '登录后回到申请表继续填写' : next?.startsWith('/app/served/') ? '登录后回到送达的文书' : undefined}>登录</PageTitle>
      <div class="segmented" role="tablist" aria-label="登录方式">
        <button type="button" role="tab" id="login-tab-code" aria-controls="login-panel" aria-selected={mode === 'code'} class={mode === 'code' ? 'on' : ''} onClick={() => setMode('code')}>
          手机验证码登录
        </button>
        <button type="button" role="tab" id="login-tab-password" aria-controls="login-panel" aria-selected={mode === 'password'} class={mode === 'password' ? 'on' : ''} onClick={() => setMode('password')}>
          密码登录
        </button>
      </div>
      <div id="login-panel" role="tabpanel" aria-labelledby={mode === 'code' ? 'login-tab-code' : 'login-tab-password'}>
        {mode === 'code' ? <CodeLogin next={next} /> : <PasswordLogin next={next} />}
      </div>
      <p class="below-form">
        还没有账号？<Link href={`/app/register${next ? `?next=${encodeURIComponent(next)}` : ''}`}>劳动者注册</Link>
      </p>
    </div>
  );
}

function PasswordLogin(props: { next: string | null }) {
  const { setMe } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { error, fields, busy, send } = useFormSend();
  const next = props.next;

  async function submit(e: Event) {
    e.preventDefault();
    const f: Record<string, string> = {};
    if (!username.trim()) f.username = '请填写手机号或用户名';
    if (!password) f.password = '请填写密码';
    await send(f, async () => {
      const r = await post<{ user: User }>('/auth/login', { username: username.trim(), password });
      // GET /me adds what the sign-in answer leaves out (a worker's own ID number, for the claim form).
      setMe(await get<User>('/me').catch(() => r.user));
      navigate(next ?? homeFor(r.user.role), { replace: true });
    });
  }

  return (
    <form class="card form" onSubmit={submit} noValidate>
      <ErrorBox error={error} />
      <TextField
        label="手机号或用户名"
        help="劳动者用注册时的手机号登录；工作人员用账号登录"
        name="username"
        autoComplete="username"
        inputMode="text"
        value={username}
        onValue={setUsername}
        error={fields.username}
      />
      <TextField label="密码" name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={fields.password} />
      <button class="btn primary block" type="submit" disabled={busy}>
        {busy ? '正在登录…' : '登录'}
      </button>
    </form>
  );
}

/** Workers and employers' representatives sign in by a code sent to their phone (SPEC §10). */
function CodeLogin(props: { next: string | null }) {
  const { setMe } = useSession();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [phoneError, setPhoneError] = useState<string | undefined>();
  const { error, fields, busy, send } = useFormSend();

  async function submit(e: Event) {
    e.preventDefault();
    const f: Record<string, string> = {};
    if (!PHONE_RE.test(phone)) f.phone = '请填写11位手机号码';
    const c = codeProblem(code);
    if (c) f.code = c;
    setPhoneError(undefined);
    await send(f, async () => {
      const r = await post<{ user: User }>('/auth/login', { phone, code });
      setMe(await get<User>('/me').catch(() => r.user));
      navigate(props.next ?? homeFor(r.user.role), { replace: true });
    });
  }

  return (
    <form class="card form" onSubmit={submit} noValidate>
      <ErrorBox error={error} unplaced={Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'code' && k !== 'phone'))} />
      <TextField
        label="手机号"
        help="劳动者注册时的手机号，或用人单位代表受邀的手机号"
        name="phone"
        type="tel"
        inputMode="numeric"
        autoComplete="tel"
        maxLength={11}
        value={phone}
        onValue={(v) => {
          setPhone(v.replace(/\D/g, ''));
          setPhoneError(undefined);
        }}
        error={phoneError ?? fields.phone}
      />
      <CodeField purpose="login" phone={phone} onPhoneProblem={setPhoneError} value={code} onValue={setCode} error={fields.code} />
      <button class="btn primary block" type="submit" disabled={busy}>
        {busy ? '正在登录…' : '登录'}
      </button>
    </form>
  );
}

export function Register(props: { next: string | null }) {
  const { setMe } = useSession();
  const [v, setV] = useState({ phone: '', name: '', password: '', password2: '', idNumber: '', code: '' });
  const [phoneError, setPhoneError] = useState<string | undefined>();
  const { error, fields, busy, send } = useFormSend();
  const next = safeNext(props.next);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });

  async function submit(e: Event) {
    e.preventDefault();
    const f: Record<string, string> = {};
    if (!/^1[3-9]\d{9}$/.test(v.phone.trim())) f.phone = '请填写11位手机号码';
    if (!v.name.trim()) f.name = '请填写姓名';
    if (v.password.length < 8) f.password = '密码至少8位';
    else if (v.password !== v.password2) f.password2 = '两次输入的密码不一样';
    if (v.idNumber.trim() && !/^\d{17}[\dXx]$/.test(v.idNumber.trim())) f.idNumber = '身份证号应为18位：17位数字加最后1位数字或X';
    if (v.code && !/^\d{6}$/.test(v.code)) f.code = '验证码是6位数字';
    setPhoneError(undefined);
    await send(f, async () => {
      const r = await post<{ user: User }>('/auth/register', {
        phone: v.phone.trim(),
        name: v.name.trim(),
        password: v.password,
        ...(v.idNumber.trim() ? { idNumber: v.idNumber.trim() } : {}),
        ...(v.code ? { code: v.code } : {}),
      });
      setMe(await get<User>('/me').catch(() => r.user));
      navigate(next ?? homeFor('worker'), { replace: true });
    });
  }

  return (
    <div class="narrow">
      <PageTitle sub="注册后就可以在手机上申请调解、查看进展">劳动者注册</PageTitle>
      {next?.startsWith('/i/') ? <Notice>注册完成后会回到刚才的申请表。</Notice> : null}
      <form class="card form" onSubmit={submit} noValidate>
        <ErrorBox error={error} />
        <TextField
          label="手机号"
          help="以后用这个手机号登录，调解员也会用它联系你"
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          maxLength={11}
          value={v.phone}
          onValue={(x) => {
            set('phone')(x.trim());
            setPhoneError(undefined);
          }}
          error={phoneError ?? fields.phone}
        />
        <CodeField
          purpose="register"
          phone={v.phone}
          onPhoneProblem={setPhoneError}
          value={v.code}
          onValue={set('code')}
          error={fields.code}
          help="点“获取验证码”，把短信里的6位数字填在这里，证明手机号是你的"
        />
        <TextField label="姓名" help="和身份证上的一样" name="name" autoComplete="name" value={v.name} onValue={set('name')} error={fields.name} />
        <TextField
          label="身份证号"
          optional
          help="填写后，申请时会自动带出；只有你本人和办理你案件的机构能看到完整号码"
          name="idNumber"
          // Not remembered by the browser: phones are often shared, and this is a resident ID number.
          autoComplete="off"
          maxLength={18}
          value={v.idNumber}
          onValue={set('idNumber')}
          error={fields.idNumber}
        />
        <TextField label="设置密码" help="至少8位" name="password" type="password" autoComplete="new-password" value={v.password} onValue={set('password')} error={fields.password} />
        <TextField label="再输一次密码" name="password2" type="password" autoComplete="new-password" value={v.password2} onValue={set('password2')} error={fields.password2} />
        <button class="btn primary block" type="submit" disabled={busy}>
          {busy ? '正在注册…' : '注册'}
        </button>
      </form>
      <p class="below-form">
        已有账号？<Link href={`/app/login${next ? `?next=${encodeURIComponent(next)}` : ''}`}>登录</Link>
      </p>
    </div>
  );
}
