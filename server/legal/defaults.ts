/**
 * The standard texts every brand starts with (version 0, never stored). They are a sound
 * baseline, not legal advice: brands publish their own versions from Settings → Legal.
 */
import type { LegalKind } from "./kinds";

export function defaultLegalText(kind: LegalKind, brand: string): { zh: string; en: string } {
  switch (kind) {
    case "user_agreement":
      return {
        zh: `${brand}分销中心用户协议\n\n1. 本协议是您与${brand}之间关于使用分销中心（下称“本服务”）的约定。登录即表示您已阅读并同意本协议。\n2. 您应使用本人手机号登录，并妥善保管验证码；通过您账号进行的操作视为您本人的操作。\n3. 您不得利用本服务发布虚假、违法或侵犯他人权益的信息，不得以拉人头、收取入门费等方式发展下线。\n4. ${brand}可根据业务需要调整本服务，并在分销中心公布；重大变更将再次征得您的同意。\n5. 因本协议产生的争议，双方应友好协商；协商不成的，提交${brand}所在地有管辖权的人民法院处理。`,
        en: `${brand} Distributor Portal User Agreement\n\n1. This agreement governs your use of ${brand}'s distributor portal (the "Service"). By signing in you confirm that you have read and accept it.\n2. Sign in with your own mobile number and keep the codes you receive to yourself; actions taken through your account are yours.\n3. Do not use the Service to publish false, unlawful or infringing content, or to recruit members for entry fees or head-count rewards.\n4. ${brand} may change the Service and will publish changes in the portal; material changes ask for your consent again.\n5. Disputes are settled amicably where possible, otherwise by the competent people's court where ${brand} is located.`,
      };
    case "privacy_notice":
      return {
        zh: `${brand}隐私政策\n\n根据《个人信息保护法》，我们说明如何处理您的个人信息：\n1. 收集的信息：手机号（用于登录和发送审核结果等通知短信）、您在申请时填写的姓名、地区等资料、您的推广和订单归属记录。\n2. 使用目的：提供分销中心服务、计算和发放佣金、依法代扣代缴税款、防范风险。\n3. 存储：手机号以加密和哈希方式存储于中国境内；我们不会出售您的个人信息。\n4. 共享：仅在发放佣金和依法纳税所必需时与支付机构、税务机关共享。\n5. 您的权利：您可以查阅、更正、删除您的个人信息，或撤回同意、注销账号，请联系${brand}客服。`,
        en: `${brand} Privacy Notice\n\nUnder China's Personal Information Protection Law (PIPL), this is how we handle your personal information:\n1. What we collect: your mobile number (to sign you in and to text you notices such as the outcome of your application), the name, region and other details you give when applying, and records of your promotion and the orders attributed to you.\n2. Why: to run the portal, calculate and pay commission, withhold tax as the law requires, and prevent fraud.\n3. Storage: your number is stored encrypted and hashed, in mainland China; we never sell personal information.\n4. Sharing: only with payment providers and tax authorities, where paying you and filing tax requires it.\n5. Your rights: you may access, correct or delete your information, withdraw consent or close your account by contacting ${brand}.`,
      };
    case "distributor_agreement":
      return {
        zh: `${brand}分销员协议\n\n1. 您申请成为${brand}的分销员，经审核通过后，可通过专属链接、二维码和海报推广${brand}的商品。\n2. 佣金：您推广成交的订单在售后期结束后结算佣金；发生退款的，相应佣金将被扣回。佣金最多计算三级（您本人及两级上级），不存在入门费、层级无限的计酬。\n3. 您应如实宣传商品，不得夸大、虚假宣传，不得以自购、刷单等方式套取佣金。\n4. 提现时，${brand}将依法代扣代缴个人所得税。\n5. 违反本协议的，${brand}可冻结或取消您的分销资格，并扣回违规所得佣金。`,
        en: `${brand} Distributor Agreement\n\n1. You apply to become a ${brand} distributor; once approved you may promote ${brand}'s products with your own links, QR codes and posters.\n2. Commission: orders you bring settle commission after the after-sales window; a refund claws the matching commission back. Commission never reaches beyond three tiers (you and two uplines), and there are no entry fees.\n3. Describe products truthfully; no exaggerated or false claims, no self-purchase or fake orders to earn commission.\n4. On withdrawal ${brand} withholds individual income tax as the law requires.\n5. A breach of this agreement lets ${brand} freeze or end your distributorship and claw back commission earned through it.`,
      };
    case "sensitive_info":
      return {
        zh: `${brand}敏感个人信息处理同意书\n\n根据《个人信息保护法》第二十九条，处理敏感个人信息应当取得您的单独同意。为向您发放佣金并依法代扣代缴个人所得税，${brand}需要处理以下敏感个人信息：\n1. 处理的信息：您的真实姓名、居民身份证号码、银行卡号及开户行、手机号，以及您自愿上传的身份证照片；开通相应渠道时，还包括您的微信 openid、支付宝账号。\n2. 目的与必要性：核对收款人身份、向您本人的账户付款、按税法规定代扣代缴并申报个人所得税。不提供这些信息，您仍可使用分销中心的其他功能，但无法提现。\n3. 保护措施：身份证号码和银行卡号加密存储于中国境内，页面和后台仅显示部分号码（如 110105********002X、**** 1111）；身份证照片不公开，仅通过短时有效的链接查看；日志中不记录这些号码。\n4. 提供给第三方：仅在付款和纳税所必需时，提供给付款渠道（银行、微信支付、支付宝或灵活用工平台）和税务机关。\n5. 保存期限：在您作为分销员期间及税法要求的保存期限内保存，期满后删除或匿名化。\n6. 您的权利：您可以查阅、更正您的信息，或撤回本同意；撤回后我们将停止向您付款所需的处理，但不影响撤回前已进行的处理。请联系${brand}客服。`,
        en: `${brand} Consent to Processing Sensitive Personal Information\n\nUnder Article 29 of China's Personal Information Protection Law, sensitive personal information is processed only with your separate consent. To pay your commission and withhold individual income tax as the law requires, ${brand} needs to process the following:\n1. What: your legal name, resident ID number, bank card number and bank, mobile number, and the ID photos you choose to upload; where those channels are used, your WeChat openid and Alipay account.\n2. Why it is necessary: to confirm who is being paid, to pay your own account, and to withhold and file your income tax. Without it you can still use the portal, but you cannot withdraw.\n3. Protection: ID and card numbers are stored encrypted, in mainland China, and shown only in part (e.g. 110105********002X, **** 1111); ID photos are never public and open only through short-lived links; logs never record these numbers.\n4. Sharing: only with the payment channel (bank, WeChat Pay, Alipay or a flexible-employment platform) and the tax authorities, as paying you and filing tax require.\n5. Retention: while you are a distributor and for as long as tax law requires records to be kept, then deleted or anonymised.\n6. Your rights: you may see and correct your details or withdraw this consent; after that we stop the processing needed to pay you, without affecting what was done before. Contact ${brand}.`,
      };
  }
}
