/** The printable QR sign for an organisation's door (一码受理): it opens /i/<intake code>. */
import { toString as qrSvg } from 'qrcode';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { ErrorBox, Loading, useLoad } from '../components/ui';
import { ORG_KIND_NAMES } from '../i18n';
import { useSession } from '../session';
import type { Organization } from '../types';

export default function QrPage(props: { orgId?: string }) {
  const { me } = useSession();
  const id = props.orgId ?? me?.orgId ?? '';
  const org = useLoad(() => (id ? get<Organization>(`/organizations/${id}`) : Promise.reject(new Error('no organisation'))), [id]);
  const [svg, setSvg] = useState('');
  const url = org.data ? `${location.origin}/i/${org.data.intakeCode}` : '';

  useEffect(() => {
    if (!url) return;
    qrSvg(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, color: { dark: '#111827', light: '#ffffff' } }).then(setSvg, () => setSvg(''));
  }, [url]);

  if (org.error) return <ErrorBox error={org.error} />;
  if (!org.data) return <Loading />;
  const o = org.data;
  const arbitration = o.kind === 'arbitration_commission';
  return (
    <div class="qr-page">
      <div class="no-print toolbar">
        <p>把这张页面打印出来，贴在接待窗口或门口。劳动者用手机微信或相机扫码，就能直接打开本机构的申请表。</p>
        <button class="btn primary" type="button" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <article class="qr-sign">
        <p class="qr-kind">{ORG_KIND_NAMES[o.kind]}</p>
        <h1>{o.name}</h1>
        <p class="qr-lead">扫码申请劳动争议{arbitration ? '仲裁' : '调解'}</p>
        <div class="qr-code" role="img" aria-label={`二维码：${url}`} dangerouslySetInnerHTML={{ __html: svg }} />
        <p class="qr-slogan">不见面 · 零跑腿 · 进展随时查</p>
        <ol class="qr-steps">
          <li>手机扫码，用手机号注册</li>
          <li>填写单位名称、发生了什么、你的请求</li>
          <li>提交后等待工作人员联系</li>
        </ol>
        <p class="qr-url">
          {url}
          <br />
          受理码 <strong>{o.intakeCode}</strong>
        </p>
      </article>
    </div>
  );
}
